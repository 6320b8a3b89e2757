/**
 * vsftpd.conf → profile. Options with a profile key become that key; every
 * other difference from what the profile would render goes under
 * `vsftpd:`, so rendering the imported profile gives back the same
 * effective configuration (the round-trip test proves it on the corpus).
 */
import type { Distro, Value } from "../vsftpd/option-spec.js";
import { defaultFor, optionSpec, optionsFor } from "../vsftpd/registry.js";
import type { Interpretation } from "../vsftpd/interpret.js";
import { formatMode } from "../vsftpd/values.js";
import { formatValue } from "./render.js";
import { profileToOptions } from "./to-options.js";
import type { OptionValue, Profile } from "./types.js";

type Mutable = Record<string, unknown>;

/** option → profile key, and when that key can express it. */
const KEYS: readonly [option: string, path: string, when?: (get: (n: string) => Value) => boolean][] = [
  ["anonymous_enable", "anonymous.enabled"],
  ["local_enable", "local.enabled"],
  ["listen_port", "listen.port", (g) => (g("listen_port") as number) >= 1 && (g("listen_port") as number) <= 65535],
  ["listen_ipv6", "listen.ipv6", (g) => g("listen") !== g("listen_ipv6")],
  ["ftpd_banner", "banner", (g) => g("ftpd_banner") !== null],
  ["anon_root", "anonymous.root", (g) => g("anonymous_enable") === true && typeof g("anon_root") === "string" && (g("anon_root") as string).startsWith("/")],
  ["anon_upload_enable", "anonymous.upload", (g) => g("anonymous_enable") === true && g("write_enable") === true],
  ["anon_mkdir_write_enable", "anonymous.mkdir", (g) => g("anonymous_enable") === true && g("write_enable") === true],
  ["write_enable", "local.write", (g) => g("local_enable") === true],
  ["local_root", "local.root", (g) => g("local_enable") === true && typeof g("local_root") === "string" && (g("local_root") as string).startsWith("/")],
  ["chroot_local_user", "jail.enabled", (g) => g("local_enable") === true],
  ["ssl_enable", "tls.enabled", (g) => g("ssl_enable") === false || typeof g("rsa_cert_file") === "string"],
  ["rsa_cert_file", "tls.cert", (g) => g("ssl_enable") === true && typeof g("rsa_cert_file") === "string" && (g("rsa_cert_file") as string).startsWith("/")],
  ["rsa_private_key_file", "tls.key", (g) => g("ssl_enable") === true && typeof g("rsa_private_key_file") === "string" && (g("rsa_private_key_file") as string).startsWith("/")],
  ["ssl_ciphers", "tls.ciphers", (g) => g("ssl_enable") === true && g("ssl_ciphers") !== null],
  ["require_ssl_reuse", "tls.reuse", (g) => g("ssl_enable") === true],
  ["force_local_logins_ssl", "tls.requireForLogin", (g) => g("ssl_enable") === true && g("local_enable") === true],
  ["force_local_data_ssl", "tls.requireForData", (g) => g("ssl_enable") === true && g("local_enable") === true],
  ["pasv_enable", "passive.enabled"],
  ["port_enable", "active.enabled"],
  ["max_clients", "limits.maxClients"],
  ["max_per_ip", "limits.maxPerIp"],
  ["idle_session_timeout", "limits.idleTimeout"],
  ["data_connection_timeout", "limits.dataTimeout"],
  ["max_login_fails", "limits.maxLoginFails"],
  ["xferlog_enable", "logging.transfers"],
];

/** Options carried into the profile even when the file leaves them at the build's default. */
const ALWAYS = new Set(["anonymous_enable", "local_enable", "rsa_cert_file", "require_ssl_reuse"]);

/** The vsftpd option an imported profile's key came from, for errors about the source file. */
export function importedOption(pointer: string): string | undefined {
  const segs = pointer.slice(1).split("/");
  if (segs[0] === "vsftpd") return segs[1];
  return KEYS.find(([, path]) => path === segs.join("."))?.[0];
}

function put(p: Mutable, path: string, v: unknown): void {
  const segs = path.split(".");
  let o = p;
  for (const s of segs.slice(0, -1)) o = (o[s] ??= {}) as Mutable;
  o[segs[segs.length - 1]!] = v;
}

function profileValue(name: string, v: Value): OptionValue {
  return optionSpec(name)?.kind === "mode" && typeof v === "number" ? formatMode(v) : v;
}

export function importConf(conf: Interpretation, distro: Distro): Profile {
  const get = (n: string) => conf.effective.get(n);
  const p: Mutable = {};
  for (const [option, path, when] of KEYS) {
    // rsa_cert_file: with ssl_enable alone vsftpd uses the compiled-in path, and tls.enabled needs tls.cert.
    // require_ssl_reuse: vsftpd defaults to YES, the profile layer to NO.
    if (!conf.effective.isSet(option) && !ALWAYS.has(option)) continue;
    if (when && !when(get)) continue;
    put(p, path, get(option));
  }
  const rendered = profileToOptions(p as Profile, distro);
  const raw: Record<string, OptionValue> = {};
  for (const o of optionsFor(distro)) {
    const target = get(o.name);
    const got = rendered.has(o.name) ? rendered.get(o.name)!.value : defaultFor(o, distro);
    if (formatValue(o.name, got) !== formatValue(o.name, target)) raw[o.name] = profileValue(o.name, target);
  }
  if (Object.keys(raw).length) p["vsftpd"] = raw;
  return p as Profile;
}
