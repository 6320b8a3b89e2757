/**
 * Reads the PAM stack vsftpd authenticates local users with, far enough to
 * answer two questions: does it check /etc/shells (pam_shells), and which
 * users does pam_listfile turn away (Debian: /etc/ftpusers). Linux-PAM falls
 * back to /etc/pam.d/other when the service file is missing; checked with
 * vsftpd: pam_service_name=<missing> logs users in through Debian's `other`.
 */
import { posix } from "node:path";
import type { HostFacts } from "../../host/facts.js";

export const PAM_DIR = "/etc/pam.d";

export interface PamRule {
  readonly type: string;
  readonly control: string;
  readonly module: string;
  readonly args: readonly string[];
}

export interface PamStack {
  readonly service: string;
  /** The file Linux-PAM reads, or undefined when neither it nor `other` exists. */
  readonly file?: string;
  /** True when the service file is missing and `other` is used instead. */
  readonly fallback: boolean;
  readonly rules: readonly PamRule[];
  /**
   * A file of the stack that could not be looked up or read (EACCES, ELOOP):
   * the stack is then not known, and nothing about who can log in is claimed.
   */
  readonly unchecked?: { readonly path: string; readonly doing: "looking it up" | "reading it"; readonly code: string };
}

const MAX_DEPTH = 8;
const LINE = /^(-?\w+)\s+(\[[^\]]*\]|\S+)\s+(\S+)\s*(.*)$/;

function pamPath(name: string): string {
  return name.startsWith("/") ? name : posix.join(PAM_DIR, name);
}

type Unchecked = NonNullable<PamStack["unchecked"]>;

function readRules(host: HostFacts, path: string, depth: number, seen: Set<string>, errors: Unchecked[]): PamRule[] {
  if (depth > MAX_DEPTH || seen.has(path)) return [];
  seen.add(path);
  const read = host.read(path);
  if (read.state === "error") errors.push({ path, doing: "reading it", code: read.code });
  if (read.state !== "found") return [];
  const text = read.text;
  const rules: PamRule[] = [];
  for (const raw of text.replace(/\\\n/g, " ").split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const inc = /^@include\s+(\S+)/.exec(line);
    if (inc) {
      rules.push(...readRules(host, pamPath(inc[1]!), depth + 1, seen, errors));
      continue;
    }
    const m = LINE.exec(line);
    if (!m) continue;
    const [, type, control, module, rest] = m as unknown as [string, string, string, string, string];
    if (control === "include" || control === "substack") {
      const wanted = type.replace(/^-/, "");
      rules.push(...readRules(host, pamPath(module), depth + 1, seen, errors).filter((r) => r.type === wanted));
      continue;
    }
    rules.push({ type: type.replace(/^-/, ""), control, module: posix.basename(module), args: rest.split(/\s+/).filter(Boolean) });
  }
  return rules;
}

function stackOf(host: HostFacts, service: string, file: string, fallback: boolean): PamStack {
  const errors: Unchecked[] = [];
  const rules = readRules(host, file, 0, new Set(), errors);
  return { service, file, fallback, rules, ...(errors[0] ? { unchecked: errors[0] } : {}) };
}

export function loadPamStack(host: HostFacts, service: string): PamStack {
  const own = pamPath(service);
  const ownFound = host.lookup(own);
  if (ownFound.state === "error") return { service, fallback: false, rules: [], unchecked: { path: own, doing: "looking it up", code: ownFound.code } };
  if (ownFound.state === "found" && ownFound.info.type === "file") return stackOf(host, service, own, false);
  const other = pamPath("other");
  const otherFound = host.lookup(other);
  if (otherFound.state === "error") return { service, fallback: true, rules: [], unchecked: { path: other, doing: "looking it up", code: otherFound.code } };
  if (otherFound.state === "found" && otherFound.info.type === "file") return stackOf(host, service, other, true);
  return { service, fallback: true, rules: [] };
}

/** Only these controls make a module's "no" final; anything subtler is not second-guessed. */
function binding(r: PamRule): boolean {
  return (r.type === "auth" || r.type === "account") && (r.control === "required" || r.control === "requisite");
}

export function usesPamShells(stack: PamStack): boolean {
  return stack.rules.some((r) => binding(r) && r.module === "pam_shells.so");
}

function arg(r: PamRule, key: string): string | undefined {
  const a = r.args.find((x) => x.startsWith(key + "="));
  return a?.slice(key.length + 1);
}

/** True when a binding pam_listfile rule refuses this user name. */
export function pamDenies(host: HostFacts, stack: PamStack, name: string): boolean {
  for (const r of stack.rules) {
    if (!binding(r) || r.module !== "pam_listfile.so" || arg(r, "item") !== "user") continue;
    const file = arg(r, "file");
    const text = file === undefined ? undefined : host.readText(file);
    if (text === undefined) {
      if (arg(r, "onerr") === "fail") return true;
      continue;
    }
    const listed = text.split("\n").some((l) => l.trim() === name);
    const sense = arg(r, "sense");
    if ((sense === "deny" && listed) || (sense === "allow" && !listed)) return true;
  }
  return false;
}
