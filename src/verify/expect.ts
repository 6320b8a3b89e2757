/**
 * What a server configured with these effective vsftpd options must do, as
 * verify asks it over the wire. The same options lint, explain and serve
 * use (src/server/config.ts), so a profile and a vsftpd.conf meet the same
 * expectations.
 */
import { passiveRange, type OptionGetter } from "../server/options.js";

export interface Expectations {
  readonly banner: string | undefined;
  readonly anonymous: boolean;
  readonly anonUpload: boolean;
  readonly anonMkdir: boolean;
  readonly anonOther: boolean;
  readonly local: boolean;
  readonly write: boolean;
  /** Whether a local user is jailed: chroot_local_user, inverted by the chroot list for listed users. */
  jailed(user: string, chrootList: readonly string[] | undefined): boolean;
  readonly chrootListEnabled: boolean;
  readonly passive: { readonly enabled: boolean; readonly min: number; readonly max: number; readonly address: string | undefined };
  readonly active: boolean;
  readonly tls: {
    readonly enabled: boolean;
    readonly forceLocalLogins: boolean;
    readonly forceLocalData: boolean;
    readonly allowAnon: boolean;
    readonly forceAnonLogins: boolean;
    readonly oldProtocols: boolean;
    readonly reuse: boolean;
  };
}

const bool = (get: OptionGetter, name: string) => get(name) === true;
const str = (get: OptionGetter, name: string) => {
  const v = get(name);
  return typeof v === "string" && v !== "" ? v : undefined;
};
const num = (get: OptionGetter, name: string) => {
  const v = get(name);
  return typeof v === "number" ? v : 0;
};

export function expectationsFrom(get: OptionGetter): Expectations {
  const write = bool(get, "write_enable");
  const chrootLocal = bool(get, "chroot_local_user");
  const chrootListEnabled = bool(get, "chroot_list_enable");
  const range = passiveRange(num(get, "pasv_min_port"), num(get, "pasv_max_port"));
  const tls = bool(get, "ssl_enable");
  return {
    banner: str(get, "ftpd_banner"),
    anonymous: bool(get, "anonymous_enable"),
    anonUpload: write && bool(get, "anon_upload_enable"),
    anonMkdir: write && bool(get, "anon_mkdir_write_enable"),
    anonOther: write && bool(get, "anon_other_write_enable"),
    local: bool(get, "local_enable"),
    write,
    chrootListEnabled,
    // vsftpd: with chroot_local_user, the list names who is NOT jailed; without it, who IS.
    jailed: (user, list) => {
      const listed = chrootListEnabled && (list ?? []).includes(user);
      return chrootLocal ? !listed : listed;
    },
    passive: { enabled: bool(get, "pasv_enable"), min: range.min, max: range.max, address: str(get, "pasv_address") },
    active: bool(get, "port_enable"),
    tls: {
      enabled: tls,
      forceLocalLogins: tls && bool(get, "force_local_logins_ssl"),
      forceLocalData: tls && bool(get, "force_local_data_ssl"),
      allowAnon: tls && bool(get, "allow_anon_ssl"),
      forceAnonLogins: tls && bool(get, "allow_anon_ssl") && bool(get, "force_anon_logins_ssl"),
      oldProtocols: bool(get, "ssl_sslv3") || bool(get, "ssl_tlsv1"),
      reuse: bool(get, "require_ssl_reuse"),
    },
  };
}
