/**
 * The profile pipeline every profile command shares: load and validate
 * (schema, then cross-field rules), map to vsftpd options, render, and lint
 * the rendered text with the same rules a hand-written file meets.
 */
import type { Distro } from "../vsftpd/option-spec.js";
import { lintBytes } from "../lint/linter.js";
import type { Finding } from "../lint/finding.js";
import { crossCheck } from "./cross-checks.js";
import { ProfileError, type ProfileProblem } from "./errors.js";
import { loadProfile, type LoadedProfile } from "./load.js";
import { renderConf } from "./render.js";
import { profileToOptions, type OptionMap } from "./to-options.js";

export interface Pipeline {
  readonly loaded: LoadedProfile;
  readonly warnings: readonly ProfileProblem[];
  readonly options: OptionMap;
  readonly distro: Distro;
}

export function runPipeline(file: string, opts: { set?: readonly string[]; distro: Distro; text?: string }): Pipeline {
  const loaded = loadProfile(file, { ...(opts.set ? { set: opts.set } : {}), ...(opts.text !== undefined ? { text: opts.text } : {}) });
  const problems = crossCheck(loaded, opts.distro);
  if (problems.some((p) => p.severity === "error")) throw new ProfileError(problems);
  return { loaded, warnings: problems, options: profileToOptions(loaded.profile, opts.distro), distro: opts.distro };
}

export interface Rendered {
  readonly text: string;
  /** Lint findings on the rendered text; a rendered file must have no errors. */
  readonly findings: readonly Finding[];
}

export function renderPipeline(p: Pipeline, version: string, target = "vsftpd.conf"): Rendered {
  const text = renderConf(p.options, { distro: p.distro, version, source: p.loaded.file });
  const findings = lintBytes({ file: target, bytes: Buffer.from(text), options: { distro: p.distro, standalone: true } }).findings;
  return { text, findings };
}

/**
 * Lint errors in the rendered text, traced back to the profile key that wrote the offending line,
 * so a bad raw `vsftpd:` value is reported where the user wrote it. `fromProfile` marks an error
 * the profile layer itself caused (a structured key or a pinned default): that is an ftpctl bug.
 */
export function renderedProblems(p: Pipeline, r: Rendered): (ProfileProblem & { fromProfile: boolean })[] {
  const lines = r.text.split("\n");
  return r.findings
    .filter((f) => f.severity === "error")
    .map((f) => {
      const name = /^([A-Za-z0-9_]+)=/.exec(lines[f.line - 1] ?? "")?.[1];
      const a = name === undefined ? undefined : p.options.get(name);
      const pointer = a && a.from !== "build" ? a.from : "";
      const origin = (pointer ? p.loaded.origin(pointer) : undefined) ?? { file: p.loaded.file };
      return { origin, pointer, severity: "error" as const, message: `${f.message} [${f.code}]`, fromProfile: !pointer.startsWith("/vsftpd/") };
    });
}
