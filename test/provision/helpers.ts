/**
 * Shared pieces of the provisioning tests: byte-exact snapshots of file
 * trees and account files (to prove nothing changed), profiles written to
 * temp files, and an in-process Io.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Io } from "../../src/core/io.js";
import type { ApplyCommandOptions } from "../../src/commands/apply/run.js";

export interface Captured extends Io {
  out(): string;
  err(): string;
}

export function captureIo(): Captured {
  let o = "";
  let e = "";
  return { stdout: (t) => void (o += t), stderr: (t) => void (e += t), out: () => o, err: () => e };
}

/** Every entry under `dir`: type, mode, owner, and a hash of file contents or a link's target. */
export function snapshotTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string, rel: string) => {
    const st = lstatSync(p);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out.push(`${rel} link ${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.push(`${rel} dir ${mode} ${st.uid}:${st.gid}`);
      for (const name of readdirSync(p).sort()) walk(join(p, name), `${rel}/${name}`);
    } else out.push(`${rel} file ${mode} ${st.uid}:${st.gid} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
  };
  walk(dir, ".");
  return out;
}

/**
 * The account databases, minus the lines of accounts named ftpctl-*: other
 * test files running at the same time create and delete those (their own
 * test users), and no profile in these tests uses such a name where a
 * change would matter.
 */
export function snapshotAccounts(): Record<string, string> {
  const files = ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow"];
  const snap: Record<string, string> = {};
  for (const f of files) {
    let text = "";
    try {
      text = readFileSync(f, "utf8");
    } catch {
      continue;
    }
    snap[f] = text
      .split("\n")
      .filter((l) => !l.startsWith("ftpctl-"))
      // Group member lists may name ftpctl-* users too.
      .map((l) => l.replace(/(^|,|:)ftpctl-[a-z0-9-]+(?=,|$)/g, "$1"))
      .join("\n");
  }
  return snap;
}

export function writeProfile(dir: string, name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

export function sha(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}

/** `apply --yes` of `file` into the staging tree `root` for Debian, as the CLI would pass it; `extra` overrides. */
export function applyOptions(file: string, root: string, extra: Partial<ApplyCommandOptions> = {}): ApplyCommandOptions {
  return { file, set: [], distro: "debian", root, only: [], json: false, detailedExitcode: false, color: false, yes: true, dryRun: false, removeFirewall: false, ...extra };
}
