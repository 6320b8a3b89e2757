/**
 * Everything plan and apply need before the first read of the machine: the
 * profile (loaded, validated, mapped to options), the target build, the
 * rendered config and the passwords. Bad input fails here, before any
 * resource runs, so nothing is ever half-applied because of it.
 */
import { realpathSync, statfsSync, statSync } from "node:fs";
import { FtpctlError, UsageError } from "../core/errors.js";
import { trustProblem, untrustedAncestor } from "../core/path-jail.js";
import { VERSION } from "../core/version.js";
import { detectDistro, distroFromOsRelease, resolveDistro } from "../host/distro.js";
import type { ProfileProblem } from "../profile/errors.js";
import { checkRendered, renderPipeline, runPipeline } from "../profile/pipeline.js";
import type { Finding } from "../lint/finding.js";
import type { Distro } from "../vsftpd/option-spec.js";
import { remoteDistro } from "../remote/remote-config.js";
import type { ProvisionContext } from "./context.js";
import type { Executor } from "./executor.js";
import { LocalExecutor } from "./local-executor.js";
import { KINDS } from "./plan.js";
import { configPath } from "./resources/config.js";
import { readSecrets, secretSources, type Secret, type SecretInput } from "./secrets.js";

export interface PrepareOptions {
  readonly file: string;
  /** The profile's text, already read (a saved plan's, or one read once to be saved with the plan); else `file` is read. */
  readonly text?: string;
  readonly set: readonly string[];
  readonly distro: string;
  readonly root?: string;
  readonly removeFirewall: boolean;
  readonly only?: readonly string[];
  readonly secretInput: SecretInput;
  /** The server reached with --ssh: `--distro auto` reads its /etc/os-release, not this machine's. */
  readonly remote?: Executor;
}

export interface Prepared {
  readonly ctx: ProvisionContext;
  readonly rendered: { readonly text: string; readonly findings: readonly Finding[] };
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly warnings: readonly ProfileProblem[];
  readonly only?: ReadonlySet<string>;
}

/**
 * The target a `--root` names, resolved: its real path, or undefined for
 * the live system. A root that resolves to / (`/`, `//`, `/tmp/..`, a link
 * to /) *is* the live system, and is treated exactly as no --root: the same
 * lock, the same confirmation, commands really run. Refusing it instead
 * would break `--root "$DESTDIR"` with DESTDIR=/, which means the same in
 * every packaging tool. A root that is missing or not a directory is a
 * usage error, raised before anything is read or locked.
 */
export function checkRoot(root: string | undefined): string | undefined {
  if (root === undefined) return undefined;
  if (root === "") throw new UsageError("--root: empty path; name the staging directory, or leave --root out for this host");
  let real: string;
  try {
    real = realpathSync(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--root ${root}: ${code === "ENOENT" ? "no such directory" : code === "ENOTDIR" ? "not a directory" : code === "ELOOP" ? "too many levels of symbolic links" : code === "EACCES" ? "permission denied" : (err as Error).message}`,
    );
  }
  if (!statSync(real).isDirectory()) throw new UsageError(`--root ${root}: not a directory`);
  const pseudo = pseudoFileSystem(real);
  if (pseudo) throw new UsageError(`--root ${root}: ${pseudo}, not a staging tree; name a directory on a real file system`);
  if (real === "/") return undefined;
  // As root: the tree and the directories above it must be ones no one else can change (core/path-jail.ts).
  const uid = process.geteuid?.() ?? 0;
  if (uid === 0) {
    const facts = statSync(real);
    const why = untrustedAncestor(real, uid) ?? trustProblem(real, { uid: facts.uid, gid: facts.gid, mode: facts.mode, isDirectory: true }, uid);
    if (why) throw new UsageError(`--root ${root}: refusing to work through ${why}`);
  }
  return real;
}

/** Kernel file systems by statfs magic: what they hold are the live system's processes, devices and settings. */
const PSEUDO_MAGIC: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x1cd1, "devpts"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0xcafe4a11, "bpf"],
  [0x62656570, "configfs"],
  [0x6165676c, "pstore"],
  [0xde5e81e4, "efivarfs"],
]);

/**
 * Why `real` (a real path) is no staging tree, or undefined. /dev is devtmpfs,
 * whose statfs magic is tmpfs's, so the live system's /dev, /proc and /sys
 * are refused by name as well as any kernel file system by magic.
 */
function pseudoFileSystem(real: string): string | undefined {
  for (const top of ["/proc", "/sys", "/dev"]) {
    if (real === top || real.startsWith(`${top}/`)) return `the live system's ${top}`;
  }
  try {
    const name = PSEUDO_MAGIC.get(Number(statfsSync(real).type));
    return name ? `on a ${name} file system` : undefined;
  } catch {
    return undefined;
  }
}

/** `auto` under --root reads the staging tree's os-release (inside the tree, links included) when it has one. */
export async function targetDistro(choice: string, root: string | undefined): Promise<Distro> {
  if (choice === "auto" && root !== undefined) {
    let text: Buffer | undefined;
    try {
      text = await new LocalExecutor({ root }).readFile("/etc/os-release");
    } catch (err) {
      if (err instanceof FtpctlError) throw new UsageError(`--root ${root}: ${err.message}`);
      throw err;
    }
    return text !== undefined ? distroFromOsRelease(text.toString("utf8")) : detectDistro();
  }
  return resolveDistro(choice);
}

export function checkOnly(only: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!only || !only.length) return undefined;
  const names = only.flatMap((o) => o.split(",")).map((o) => o.trim()).filter(Boolean);
  const bad = names.filter((n) => !(KINDS as readonly string[]).includes(n));
  if (bad.length) throw new UsageError(`--only: unknown step ${bad.map((b) => `'${b}'`).join(", ")}; steps are ${KINDS.join(", ")}`);
  return new Set(names);
}

/** A profile through the pipeline for `distro`: the provisioning context, the text `render` writes, and every warning. */
export function profileFor(o: {
  readonly file: string;
  readonly set: readonly string[];
  readonly distro: Distro;
  readonly text?: string | undefined;
  readonly root?: string | undefined;
  readonly removeFirewall: boolean;
}): Pick<Prepared, "ctx" | "rendered" | "warnings"> {
  const p = runPipeline(o.file, { set: o.set, distro: o.distro, ...(o.text !== undefined ? { text: o.text } : {}) });
  const ctx: ProvisionContext = { profile: p.loaded.profile, options: p.options, distro: o.distro, source: o.file, removeFirewall: o.removeFirewall, ...(o.root !== undefined ? { root: o.root } : {}) };
  // The same text `render` writes; lint warnings it refuses stop here, before anything runs.
  const rendered = renderPipeline(p, VERSION, configPath(ctx));
  return { ctx, rendered, warnings: [...p.warnings, ...checkRendered(p, rendered)] };
}

export async function prepare(o: PrepareOptions): Promise<Prepared> {
  const root = checkRoot(o.root);
  const only = checkOnly(o.only);
  const distro = o.remote !== undefined && o.distro === "auto" ? await remoteDistro(o.remote) : await targetDistro(o.distro, root);
  const { ctx, rendered, warnings } = profileFor({ file: o.file, set: o.set, distro, text: o.text, root, removeFirewall: o.removeFirewall });
  const secrets = root === undefined ? await readSecrets(localUsers(ctx), o.secretInput) : secretSources(localUsers(ctx));
  return { ctx, rendered, secrets, warnings, ...(only ? { only } : {}) };
}

/** The profile's users, when local logins are on: the accounts whose passwords apply sets. */
export function localUsers(ctx: ProvisionContext) {
  return ctx.options.get("local_enable")?.value === true ? (ctx.profile.users ?? []) : [];
}
