/**
 * The profile pipeline every profile command shares: load and validate
 * (schema, then cross-field rules), map to vsftpd options, render, and lint
 * the rendered text with the same rules a hand-written file meets.
 */
import { resolve } from "node:path";
import type { Distro } from "../vsftpd/option-spec.js";
import { CONF_FILE_MAX } from "../vsftpd/scan.js";
import { lintBytes } from "../lint/linter.js";
import type { Finding } from "../lint/finding.js";
import { crossCheck } from "./cross-checks.js";
import { ProfileError, RenderedConfigError, type ProfileProblem } from "./errors.js";
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

/**
 * The one way a profile becomes vsftpd.conf text: `render`, `validate`, `plan` and `apply` all
 * call it, so they write the same bytes for the same profile and build. The header names the
 * profile by its absolute path, so the file does not change with the directory a command runs in.
 * A file longer than vsftpd reads is refused: vsftpd would silently drop the settings at its end.
 */
export function renderPipeline(p: Pipeline, version: string, target = "vsftpd.conf"): Rendered {
  const source = p.loaded.file === "-" ? "standard input" : resolve(p.loaded.file);
  const text = renderConf(p.options, { distro: p.distro, version, source });
  const size = Buffer.byteLength(text);
  if (size > CONF_FILE_MAX) throw new ProfileError([tooLarge(p, size)]);
  const findings = lintBytes({ file: target, bytes: Buffer.from(text), options: { distro: p.distro, standalone: true } }).findings;
  return { text, findings };
}

function tooLarge(p: Pipeline, size: number): ProfileProblem {
  let longest: [string, number, string] | undefined;
  for (const [name, a] of p.options) {
    const bytes = typeof a.value === "string" ? Buffer.byteLength(a.value) : 0;
    if (!longest || bytes > longest[1]) longest = [name, bytes, a.from];
  }
  const [name, bytes, from] = longest!;
  const pointer = from === "build" ? "" : from;
  return {
    origin: (pointer ? p.loaded.origin(pointer) : undefined) ?? { file: p.loaded.file },
    pointer,
    severity: "error",
    message: `the rendered vsftpd.conf would be ${size} bytes, but vsftpd reads only the first ${CONF_FILE_MAX} and silently ignores the settings after them; the longest value is ${name} (${bytes} bytes)`,
  };
}

/** A lint finding on the rendered text, traced back to the profile key that wrote its line. */
export type RenderedProblem = ProfileProblem & {
  /**
   * True when the profile layer, not the user, chose what the finding is about: a derived value, a
   * pinned build default, a value only a built-in profile or the layer's own defaults set, or a
   * finding on no line at all. The profile layer must render a file lint finds nothing wrong with;
   * where a key asks for a finding on purpose (anonymous uploads, clear-text logins), the file says
   * so with a `# ftpctl-disable` line and lint does not report it. A finding on a value the user
   * wrote (a structured key or the `vsftpd:` escape hatch) is what the user asked for, and so is
   * one the value's `warns` names (local logins over plain FTP, VSF703).
   */
  fromProfile: boolean;
};

/** True when a layer the user wrote (the profile file or --set) set exactly this key. */
function userWrote(loaded: LoadedProfile, pointer: string): boolean {
  let v: unknown = loaded.profile;
  for (const seg of pointer.slice(1).split("/")) v = (v as Record<string, unknown> | undefined)?.[seg];
  if (v === undefined) return false;
  const origin = loaded.origin(pointer);
  return origin !== undefined && !origin.file.startsWith("builtin:");
}

/**
 * Lint errors and warnings in the rendered text, each traced back to the profile key that wrote
 * the offending line, so a bad raw `vsftpd:` value is reported where the user wrote it.
 */
export function renderedProblems(p: Pipeline, r: Rendered): RenderedProblem[] {
  const lines = r.text.split("\n");
  const wroteRaw = Object.keys(p.loaded.profile.vsftpd ?? {}).some((k) => userWrote(p.loaded, `/vsftpd/${k}`));
  return r.findings
    .filter((f) => f.severity === "error" || f.severity === "warning")
    .map((f) => {
      const name = /^([A-Za-z0-9_]+)=/.exec(lines[f.line - 1] ?? "")?.[1];
      const a = name === undefined ? undefined : p.options.get(name);
      const pointer = a && a.from !== "build" ? a.from : "";
      const origin = (pointer ? p.loaded.origin(pointer) : undefined) ?? { file: p.loaded.file };
      // A finding on no line is about a compiled default the file leaves alone: the user's raw
      // `vsftpd:` options can make one matter (ssl_enable=YES makes ssl_tlsv1's default count), the
      // structured keys never do (each pins what it relies on).
      // A warning the profile's own choice raises (`warns`) is the user's, wherever the value came from.
      const fromProfile = a?.warns === f.code ? false : pointer ? a?.derived === true || !userWrote(p.loaded, pointer) : !wroteRaw;
      // A warning the profile layer caused means the file does not say what the profile does: it is refused like an error.
      const severity = f.severity === "error" || fromProfile ? ("error" as const) : ("warning" as const);
      const refused = f.severity === "warning" && severity === "error" ? "the rendered file would not do what the profile says: " : "";
      return { origin, pointer, severity, message: `${refused}${f.message} [${f.code}]`, fromProfile };
    });
}

/**
 * Checks the rendered text before anything writes it. Lint errors refuse it, and so do warnings
 * the profile layer caused; warnings on lines the user's `vsftpd:` escape hatch wrote are what
 * the user asked for, and are returned for the command to print.
 */
export function checkRendered(p: Pipeline, r: Rendered): ProfileProblem[] {
  const problems = renderedProblems(p, r);
  const strip = ({ fromProfile: _, ...problem }: RenderedProblem): ProfileProblem => problem;
  if (problems.some((x) => x.severity === "error")) throw new RenderedConfigError(problems.map(strip), problems.some((x) => x.fromProfile));
  return problems.map(strip);
}

/**
 * Everything the pipeline has to say about a profile's text, without throwing: its problems if it
 * cannot be used yet, else its warnings and those of the config it renders. For `init`, whose
 * starter profile may still need the operator's edits (a certificate for `ftps`, say).
 */
export function profileNotes(file: string, text: string, distro: Distro): ProfileProblem[] {
  try {
    const p = runPipeline(file, { distro, text });
    return [...p.warnings, ...checkRendered(p, renderPipeline(p, "check"))];
  } catch (err) {
    if (err instanceof ProfileError) return [...err.problems];
    throw err;
  }
}
