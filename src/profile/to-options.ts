/**
 * Profile → vsftpd options: the one place that knows how a profile key maps
 * to vsftpd's options, including the traps a profile exists to avoid (the
 * inverted chroot list, write_enable as a master switch, octal umasks,
 * listen against listen_ipv6). Pure: no I/O.
 */
import type { Distro, Value } from "../vsftpd/option-spec.js";
import { defaultFor, isBuildDependent, optionSpec, OPTIONS, hasOption } from "../vsftpd/registry.js";
import type { Profile } from "./types.js";

export interface Assigned {
  readonly value: Value;
  /** JSON pointer of the profile key behind it, or "build" for a pinned build default. */
  readonly from: string;
  /** Follows from the key rather than being what the key names (hide_ids from anonymous.enabled). */
  readonly derived?: boolean;
  /**
   * Follows from the key (listen=YES from listen.ipv6: false) yet is what the key
   * decides, so a raw vsftpd: value may still contradict it; explain says "implied by".
   */
  readonly implied?: boolean;
  /** A lint finding the profile asked for on purpose; render writes a suppression with this reason. */
  readonly accepts?: { readonly code: string; readonly reason: string };
  /** A comment render writes above the line, for a value that needs something outside the file. */
  readonly note?: string;
  /**
   * A lint warning this value may raise that is the profile's own choice, not the profile layer's
   * doing (local logins without tls.enabled: VSF703). Unlike `accepts`, nothing hides it: lint on
   * the file reports it, and the profile commands print it and render anyway.
   */
  readonly warns?: string;
}

export type OptionMap = Map<string, Assigned>;

export const DEFAULT_PASSIVE = { minPort: 40000, maxPort: 40100 } as const;
export const DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5:!RC4";

/**
 * The PAM service ftpctl installs for local logins (provision/resources/pam.ts
 * writes /etc/pam.d/ftpctl-vsftpd): the distribution's vsftpd stack without
 * pam_shells, so FTP-only accounts with a nologin shell can log in. Chosen
 * here, in the profile layer, so `render` and `apply` write the same file.
 */
export const PAM_SERVICE = "ftpctl-vsftpd";

/** Where the list files live on each build. */
export function listPaths(distro: Distro): { chroot: string; userlist: string } {
  const chroot = defaultFor(optionSpec("chroot_list_file")!, distro) as string;
  const userlist = defaultFor(optionSpec("userlist_file")!, distro) as string;
  return { chroot, userlist };
}

/** Users whose jail status differs from jail.enabled: the chroot list's content. */
export function chrootListUsers(p: Profile): string[] {
  const jailAll = p.jail?.enabled ?? false;
  const names = new Set<string>(jailAll ? (p.jail?.exceptions ?? []) : []);
  for (const u of p.users ?? []) {
    if (u.jailed === undefined) continue;
    if (u.jailed === jailAll) names.delete(u.name);
    else names.add(u.name);
  }
  return [...names].sort();
}

/**
 * Build-dependent options where ftpctl pins a value other than the build's
 * default: the seccomp sandbox breaks sessions on many kernels and
 * containers (Debian and RHEL both turn it off), and distro packages ship
 * their PAM service as "vsftpd".
 */
const RENDER_PINS: Readonly<Record<string, (d: Distro) => Value>> = {
  seccomp_sandbox: () => false,
  pam_service_name: (d) => (d === "upstream" ? "ftp" : "vsftpd"),
};

export function profileToOptions(p: Profile, distro: Distro): OptionMap {
  const m: OptionMap = new Map();
  const set = (name: string, value: Value, from: string) => m.set(name, { value, from });
  const derive = (name: string, value: Value, from: string) => m.set(name, { value, from, derived: true });

  // Listening: exactly one of listen / listen_ipv6, or vsftpd refuses to start.
  const ipv6 = p.listen?.ipv6 ?? false;
  m.set("listen", { value: !ipv6, from: "/listen/ipv6", implied: true });
  derive("listen_ipv6", ipv6, "/listen/ipv6");
  if (p.listen?.address !== undefined) set(ipv6 ? "listen_address6" : "listen_address", p.listen.address, "/listen/address");
  set("listen_port", p.listen?.port ?? 21, "/listen/port");
  // systemd runs Debian's vsftpd as Type=simple and RHEL's as Type=forking.
  set("background", distro === "rhel", "build");
  if (p.banner !== undefined) set("ftpd_banner", p.banner, "/banner");

  // Anonymous access is stated either way: upstream and Debian binaries default to YES.
  const anon = p.anonymous?.enabled ?? false;
  set("anonymous_enable", anon, "/anonymous/enabled");
  const local = p.local?.enabled ?? false;
  set("local_enable", local, "/local/enabled");
  let write = local && (p.local?.write ?? false);
  if (anon) {
    if (p.anonymous?.root !== undefined) set("anon_root", p.anonymous.root, "/anonymous/root");
    const upload = (p.anonymous?.upload ?? false) || p.anonymous?.dropbox !== undefined;
    const mkdir = p.anonymous?.mkdir ?? false;
    const uploadKey = p.anonymous?.dropbox !== undefined ? "/anonymous/dropbox" : "/anonymous/upload";
    m.set("anon_upload_enable", {
      value: upload,
      from: uploadKey,
      // Anonymous upload is what the profile asked for; lint's VSF701 would only repeat it.
      ...(upload ? { accepts: { code: "VSF701", reason: `${uploadKey.slice(1).replace("/", ".")} asks for anonymous uploads` } } : {}),
    });
    set("anon_mkdir_write_enable", mkdir, "/anonymous/mkdir");
    derive("anon_other_write_enable", false, "/anonymous");
    derive("no_anon_password", true, "/anonymous/enabled");
    derive("hide_ids", true, "/anonymous/enabled");
    if (upload || mkdir) {
      write = true;
      // Uploads land as 0600 owned by root: a drop box cannot be used to serve files.
      derive("anon_umask", 0o077, "/anonymous/upload");
      // vsftpd chowns uploaded files only: without uploads, chown_uploads would be inert (VSF605).
      if (upload) {
        derive("chown_uploads", true, "/anonymous/upload");
        derive("chown_username", "root", "/anonymous/upload");
      }
    }
  }
  set("write_enable", write, local ? "/local/write" : "/anonymous/upload");
  if (local) {
    set("local_umask", parseInt(p.local?.umask ?? "022", 8), "/local/umask");
    if (p.vsftpd?.["pam_service_name"] === undefined) {
      m.set("pam_service_name", {
        value: PAM_SERVICE,
        from: "/local/enabled",
        derived: true,
        note: `'ftpctl apply' installs /etc/pam.d/${PAM_SERVICE}; installing this file by hand, install that service too or set vsftpd.pam_service_name`,
      });
    }
    if (p.local?.root !== undefined) {
      set("local_root", p.local.root, "/local/root");
      if (p.local.root.includes("$USER")) derive("user_sub_token", "$USER", "/local/root");
    }
    // Jail: chroot_local_user decides the rule; the chroot list names the exceptions.
    const jailAll = p.jail?.enabled ?? false;
    set("chroot_local_user", jailAll, "/jail/enabled");
    const listed = chrootListUsers(p);
    m.set("chroot_list_enable", {
      value: listed.length > 0,
      from: jailAll ? "/jail/exceptions" : "/users",
      derived: true,
      // The inverted list is how vsftpd spells exceptions to jail.enabled; lint's VSF606 would warn about the trap it avoids.
      ...(jailAll && listed.length ? { accepts: { code: "VSF606", reason: "the chroot list holds the users jail.enabled does not apply to (jail.exceptions, users[].jailed)" } } : {}),
    });
    // Never allow_writeable_chroot: the jail root is made non-writable instead.
    if (jailAll || listed.length) derive("allow_writeable_chroot", false, "/jail/enabled");
    if (p.users?.length) {
      // Only the profile's users may log in: an allow-list.
      derive("userlist_enable", true, "/users");
      derive("userlist_deny", false, "/users");
    }
  }

  const tls = p.tls?.enabled ?? false;
  // Plain FTP for local users is what a profile without tls.enabled asks for: lint's VSF703 says so, and the file keeps saying it.
  m.set("ssl_enable", { value: tls, from: "/tls/enabled", ...(tls ? {} : { warns: "VSF703" }) });
  if (tls) {
    if (p.tls?.cert !== undefined) set("rsa_cert_file", p.tls.cert, "/tls/cert");
    if (p.tls?.key !== undefined) set("rsa_private_key_file", p.tls.key, "/tls/key");
    derive("ssl_sslv2", false, "/tls/enabled");
    derive("ssl_sslv3", false, "/tls/enabled");
    derive("ssl_tlsv1", false, "/tls/enabled");
    if (distro === "rhel") derive("ssl_tlsv1_1", false, "/tls/enabled");
    set("ssl_ciphers", p.tls?.ciphers ?? DEFAULT_CIPHERS, "/tls/ciphers");
    // Off unless asked for: with TLS 1.3, curl intermittently offers a ticket vsftpd has already
    // consumed, and vsftpd then refuses the data connection (see templates/profiles/ftps.yaml).
    set("require_ssl_reuse", p.tls?.reuse ?? false, "/tls/reuse");
    if (local) {
      // Clear text for local users is what tls.requireFor* = false asks for; lint's VSF703 would only repeat it.
      const force = (name: string, key: "requireForLogin" | "requireForData") => {
        const on = p.tls?.[key] ?? true;
        m.set(name, { value: on, from: `/tls/${key}`, ...(on ? {} : { accepts: { code: "VSF703", reason: `tls.${key} is false` } }) });
      };
      force("force_local_logins_ssl", "requireForLogin");
      force("force_local_data_ssl", "requireForData");
    }
    if (anon) {
      const mode = p.tls?.anonymous ?? "deny";
      set("allow_anon_ssl", mode !== "deny", "/tls/anonymous");
      derive("force_anon_logins_ssl", mode === "require", "/tls/anonymous");
      derive("force_anon_data_ssl", mode === "require", "/tls/anonymous");
    }
  }

  const pasv = p.passive?.enabled ?? true;
  set("pasv_enable", pasv, "/passive/enabled");
  if (pasv) {
    set("pasv_min_port", p.passive?.minPort ?? DEFAULT_PASSIVE.minPort, "/passive/minPort");
    set("pasv_max_port", p.passive?.maxPort ?? DEFAULT_PASSIVE.maxPort, "/passive/maxPort");
    if (p.passive?.address !== undefined) set("pasv_address", p.passive.address, "/passive/address");
  }
  const active = p.active?.enabled ?? false;
  set("port_enable", active, "/active/enabled");
  if (active) derive("connect_from_port_20", true, "/active/enabled");

  const limits: [keyof NonNullable<Profile["limits"]>, string][] = [
    ["maxClients", "max_clients"],
    ["maxPerIp", "max_per_ip"],
    ["idleTimeout", "idle_session_timeout"],
    ["dataTimeout", "data_connection_timeout"],
    ["maxLoginFails", "max_login_fails"],
  ];
  for (const [key, name] of limits) {
    const v = p.limits?.[key];
    if (v !== undefined) set(name, v, `/limits/${key}`);
  }
  set("xferlog_enable", p.logging?.transfers ?? true, "/logging/transfers");

  // Options whose compiled default differs between builds are pinned, so the
  // file means the same thing whichever build reads it.
  for (const o of OPTIONS) {
    if (!m.has(o.name) && hasOption(o, distro) && isBuildDependent(o)) {
      set(o.name, o.name in RENDER_PINS ? RENDER_PINS[o.name]!(distro) : defaultFor(o, distro), "build");
    }
  }

  // The escape hatch comes last and wins.
  for (const [name, value] of Object.entries(p.vsftpd ?? {})) {
    const spec = optionSpec(name);
    set(name, spec?.kind === "mode" && typeof value === "string" ? parseInt(value, 8) : value, `/vsftpd/${name}`);
  }
  return m;
}
