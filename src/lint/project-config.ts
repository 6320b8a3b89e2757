/**
 * Lint settings a project keeps beside its configs, as hadolint and ruff
 * keep theirs: `.ftpctl-lint.yaml`, found by walking up from each linted
 * file's directory (standard input and the default file: from the current
 * directory). Command-line flags override it.
 *
 *   ignore: [VSF706]                 # codes never reported
 *   per-file-ignores:                # codes ignored in files matching a glob (relative to this file)
 *     "legacy/*.conf": [VSF601]
 *   severity-threshold: warning      # findings below this are not reported
 *   max-warnings: 0
 *   distro: debian
 */
import { statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { InputError } from "../core/errors.js";
import { readInput } from "../core/read-input.js";
import { DISTRO_CHOICES } from "../vsftpd/option-spec.js";
import type { Finding } from "./finding.js";

type Severity = Finding["severity"];

export const CONFIG_NAME = ".ftpctl-lint.yaml";
const CONFIG_KIND = { noun: "a lint config", tooLargeFor: "a lint config", maxBytes: 256 * 1024 } as const;
export const SEVERITIES: readonly Severity[] = ["info", "warning", "error"];
const CODE = /^VSF\d{3}$/;

export interface ProjectConfig {
  readonly file: string;
  readonly ignore: readonly string[];
  readonly perFileIgnores: readonly { readonly pattern: RegExp; readonly codes: readonly string[] }[];
  readonly severityThreshold?: Severity;
  readonly maxWarnings?: number;
  readonly distro?: string;
}

/** `*` within a name, `**` across directories, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
      if (glob[i + 1] === "/") i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function codes(file: string, key: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((c) => typeof c === "string" && CODE.test(c))) throw new InputError(file, `${key} takes a list of rule codes (VSF606)`);
  return v as string[];
}

type YamlParse = (text: string, options: { maxAliasCount: number }) => unknown;

/** Parses a lint config; `parse` is yaml's, loaded only when a config exists (lint's start-up stays light). */
export function parseProjectConfig(file: string, text: string, parse: YamlParse): ProjectConfig {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 0 }) ?? {};
  } catch (err) {
    throw new InputError(file, `not YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new InputError(file, "a lint config is a mapping (ignore:, per-file-ignores:, severity-threshold:, max-warnings:, distro:)");
  const d = data as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!["ignore", "per-file-ignores", "severity-threshold", "max-warnings", "distro"].includes(key)) throw new InputError(file, `unknown key '${key}'`);
  }
  const perFile = d["per-file-ignores"] ?? {};
  if (typeof perFile !== "object" || perFile === null || Array.isArray(perFile)) throw new InputError(file, "per-file-ignores maps a glob to a list of codes");
  const threshold = d["severity-threshold"];
  if (threshold !== undefined && !SEVERITIES.includes(threshold as Severity)) throw new InputError(file, "severity-threshold is info, warning or error");
  const max = d["max-warnings"];
  if (max !== undefined && (!Number.isInteger(max) || (max as number) < -1)) throw new InputError(file, "max-warnings is a whole number, -1 for no limit");
  const distro = d["distro"];
  if (distro !== undefined && !(DISTRO_CHOICES as readonly string[]).includes(distro as string)) throw new InputError(file, `distro is one of ${DISTRO_CHOICES.join(", ")}`);
  return {
    file,
    ignore: d["ignore"] === undefined ? [] : codes(file, "ignore", d["ignore"]),
    perFileIgnores: Object.entries(perFile as Record<string, unknown>).map(([glob, v]) => ({ pattern: globToRegExp(glob), codes: codes(file, `per-file-ignores '${glob}'`, v) })),
    ...(threshold !== undefined ? { severityThreshold: threshold as Severity } : {}),
    ...(max !== undefined ? { maxWarnings: max as number } : {}),
    ...(distro !== undefined ? { distro: distro as string } : {}),
  };
}

/**
 * A config found by walking up can sit in a shared directory (/tmp): one
 * another user wrote could silence findings in root's lint, so it must be
 * the caller's or root's, and writable by no one else.
 */
function trusted(file: string): void {
  const st = statSync(file);
  const uid = process.getuid?.() ?? 0;
  if (st.uid !== 0 && st.uid !== uid) throw new InputError(file, `owned by uid ${st.uid}: a lint config must be yours or root's (or give --no-config)`);
  if (st.mode & 0o022) throw new InputError(file, "writable by others: a lint config must not be (chmod go-w, or give --no-config)");
}

const found = new Map<string, ProjectConfig | undefined>();

/** The nearest `.ftpctl-lint.yaml` at or above `dir`, read once per directory. */
export async function findProjectConfig(dir: string): Promise<ProjectConfig | undefined> {
  const start = resolve(dir);
  if (found.has(start)) return found.get(start);
  let here = start;
  let config: ProjectConfig | undefined;
  for (let i = 0; i < 64; i++) {
    const file = join(here, CONFIG_NAME);
    let text: string | undefined;
    try {
      text = readInput(file, CONFIG_KIND).toString("utf8");
    } catch (err) {
      // Missing is the common case; a parent that is not a directory is missing too.
      if (!(err instanceof InputError) || !err.reason.startsWith("no such file")) throw err;
    }
    if (text !== undefined) {
      trusted(file);
      const { parse } = await import("./yaml-parse.js");
      config = parseProjectConfig(file, text, parse);
      break;
    }
    const up = dirname(here);
    if (up === here) break;
    here = up;
  }
  found.set(start, config);
  return config;
}

/** The codes a config ignores in `file` (a path as given). */
export function ignoredIn(config: ProjectConfig, file: string): ReadonlySet<string> {
  const rel = relative(dirname(config.file), resolve(file)).split(sep).join("/");
  return new Set([...config.ignore, ...config.perFileIgnores.filter((p) => p.pattern.test(rel)).flatMap((p) => p.codes)]);
}
