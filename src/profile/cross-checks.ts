/**
 * Rules across fields that the schema cannot express, reported like schema
 * errors: at the file position of the value that conflicts.
 */
import { isIP } from "node:net";
import type { ProfileProblem } from "./errors.js";
import type { LoadedProfile } from "./load.js";
import { passiveRange } from "../lint/checks/pasv-range.js";
import { PATH_BYTES } from "../vsftpd/options.js";
import { optionSpec } from "../vsftpd/registry.js";
import { DEFAULT_PASSIVE, profileToOptions } from "./to-options.js";
import type { Distro } from "../vsftpd/option-spec.js";
import { formatValue } from "./render.js";

type Check = (lp: LoadedProfile, report: (pointer: string, message: string, severity?: "error" | "warning") => void, distro: Distro) => void;

const CHECKS: Check[] = [
  ({ profile: p }, report) => {
    if (!(p.anonymous?.enabled ?? false) && !(p.local?.enabled ?? false)) {
      report("/anonymous/enabled", "neither anonymous nor local logins are enabled: vsftpd would refuse every session (extend 'anonymous' or 'local')");
    }
  },
  ({ profile: p }, report) => {
    const min = p.passive?.minPort;
    const max = p.passive?.maxPort;
    if (min !== undefined && max !== undefined && min > max) report("/passive/minPort", `conflicting settings: passive.minPort ${min} is above passive.maxPort ${max}`);
    if ((min === undefined) !== (max === undefined)) report(min === undefined ? "/passive/maxPort" : "/passive/minPort", "set both passive.minPort and passive.maxPort, or neither");
  },
  ({ profile: p }, report) => {
    if (!(p.tls?.enabled ?? false)) return;
    if (!p.tls?.cert) report("/tls/enabled", "tls.enabled needs tls.cert (generate one with 'ftpctl cert generate')");
  },
  (lp, report) => {
    const p = lp.profile;
    if (p.anonymous?.enabled ?? false) return;
    for (const k of ["upload", "mkdir", "dropbox", "root"] as const) {
      if (p.anonymous?.[k] !== undefined && p.anonymous[k] !== false && writtenByUser(lp, `/anonymous/${k}`)) {
        report(`/anonymous/${k}`, `conflicting settings: anonymous.${k} is set but anonymous.enabled is false`);
      }
    }
  },
  (lp, report) => {
    const p = lp.profile;
    if (p.local?.enabled ?? false) return;
    if (p.jail?.enabled && writtenByUser(lp, "/jail/enabled")) report("/jail/enabled", "conflicting settings: jail.enabled needs local.enabled (only local users are jailed; anonymous users always are)");
    if (p.users?.length) report("/users", "conflicting settings: users are listed but local.enabled is false, so none of them could log in");
    if (p.local?.write && writtenByUser(lp, "/local/write")) report("/local/write", "conflicting settings: local.write is set but local.enabled is false");
  },
  ({ profile: p }, report) => {
    const seen = new Set<string>();
    (p.users ?? []).forEach((u, i) => {
      if (seen.has(u.name)) report(`/users/${i}/name`, `user '${u.name}' is listed twice`);
      seen.add(u.name);
    });
  },
  ({ profile: p }, report) => {
    const a = p.listen?.address;
    if (a === undefined) return;
    const want = p.listen?.ipv6 ? 6 : 4;
    if (isIP(a) !== want) report("/listen/address", `listen.address must be a numeric IPv${want} address${want === 6 ? " (listen.ipv6 is true)" : ""}; vsftpd does not resolve names, got '${a}'`);
  },
  ({ profile: p }, report) => {
    const a = p.passive?.address;
    if (a !== undefined && isIP(a) !== 4) report("/passive/address", `passive.address must be a numeric IPv4 address (vsftpd's pasv_address), got '${a}'`);
  },
  ({ profile: p }, report) => {
    // vsftpd binds each passive port beside its listener: the listen port itself is never free,
    // and a range of only that port answers every PASV and EPSV with 500 OOPS: vsf_sysutil_bind.
    if (!(p.passive?.enabled ?? true)) return;
    const listen = p.listen?.port ?? 21;
    const { min, max } = passiveRange(p.passive?.minPort ?? DEFAULT_PASSIVE.minPort, p.passive?.maxPort ?? DEFAULT_PASSIVE.maxPort);
    if (listen < min || listen > max) return;
    const pointer = p.listen?.port !== undefined ? "/listen/port" : "/passive/minPort";
    report(pointer, `conflicting settings: the passive range ${min}-${max} contains listen.port ${listen}, which vsftpd's listener holds${min === max ? ": every PASV and EPSV fails with 500 OOPS: vsf_sysutil_bind" : ""}; move one of them`);
  },
  (lp, report, distro) => {
    // Longer values than vsftpd can use: a path past PATH_MAX, or text that eats the file's 100,000 bytes.
    for (const [name, a] of profileToOptions(lp.profile, distro)) {
      const limit = optionSpec(name)?.maxBytes;
      if (typeof a.value !== "string" || limit === undefined || a.from === "build") continue;
      const bytes = Buffer.byteLength(a.value);
      if (bytes > limit) report(a.from, `${a.from.slice(1).replaceAll("/", ".")} is ${bytes} bytes long in UTF-8; ${name} takes at most ${limit}`);
    }
  },
  ({ profile: p }, report) => {
    // vsftpd takes raw paths as written, but apply creates and chowns what anon_root, local_root and
    // secure_chroot_dir name, and message_file is opened inside each directory a user enters: a '..'
    // component makes any of them point somewhere other than it reads.
    for (const [name, value] of Object.entries(p.vsftpd ?? {})) {
      if (typeof value === "string" && optionSpec(name)?.maxBytes === PATH_BYTES && /(?:^|\/)\.\.(?:\/|$)/.test(value)) {
        report(`/vsftpd/${name}`, `vsftpd.${name} must not contain '..' components: write the path it means, got ${JSON.stringify(value.slice(0, 60))}`);
      }
    }
  },
  (lp, report, distro) => {
    // A raw vsftpd: option must not silently contradict a structured key.
    const raw = lp.profile.vsftpd ?? {};
    if (!Object.keys(raw).length) return;
    const structured = profileToOptions({ ...lp.profile, vsftpd: {} }, distro);
    for (const [name, value] of Object.entries(raw)) {
      const s = structured.get(name);
      // Only a key the profile actually wrote can be contradicted; derived and pinned values may be overridden.
      if (!s || s.from === "build" || s.derived || lp.origin(s.from) === undefined || !isExplicit(lp, s.from)) continue;
      const rawText = formatValue(name, typeof value === "string" && /^0[0-7]+$/.test(value) ? parseInt(value, 8) : value);
      if (formatValue(name, s.value) !== rawText) {
        report(`/vsftpd/${name}`, `conflicting settings: vsftpd.${name}=${rawText} contradicts ${s.from.slice(1).replaceAll("/", ".")}, which sets ${name}=${formatValue(name, s.value)}; set it in one place`);
      }
    }
  },
];

/**
 * False for values only a built-in profile set: turning anonymous.enabled off in a profile that
 * extends 'anonymous' leaves the built-in's anonymous.root behind, which is unused, not a conflict
 * the user could fix in their file.
 */
function writtenByUser(lp: LoadedProfile, pointer: string): boolean {
  return !(lp.origin(pointer)?.file.startsWith("builtin:") ?? false);
}

/** True when some layer wrote exactly this key (not just an ancestor of it). */
function isExplicit(lp: LoadedProfile, pointer: string): boolean {
  let v: unknown = lp.profile;
  for (const seg of pointer.slice(1).split("/")) v = (v as Record<string, unknown> | undefined)?.[seg];
  return v !== undefined;
}

export function crossCheck(lp: LoadedProfile, distro: Distro): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  for (const check of CHECKS) {
    check(
      lp,
      (pointer, message, severity = "error") => problems.push({ origin: lp.origin(pointer) ?? { file: lp.file }, pointer, message, severity }),
      distro,
    );
  }
  return problems;
}
