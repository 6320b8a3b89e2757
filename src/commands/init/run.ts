/**
 * `ftpctl init`: a starter profile that extends built-in profiles and shows,
 * commented out, the values they set, so an operator sees what to change.
 */
import { stringify } from "yaml";
import type { Io } from "../../core/io.js";
import { writeOutput } from "../../core/output.js";
import { UsageError } from "../../core/errors.js";
import { closest } from "../../lint/suggest.js";
import { builtinNames, builtinText } from "../../profile/builtins.js";
import { resolveDistro } from "../../host/distro.js";
import { formatOrigin, formatProblem, type Origin, type ProfileProblem } from "../../profile/errors.js";
import { loadProfile } from "../../profile/load.js";
import { profileNotes } from "../../profile/pipeline.js";
import { SCHEMA_ID } from "../../profile/schema.js";

export function initText(profiles: readonly string[]): string {
  const known = builtinNames();
  for (const name of profiles) {
    if (builtinText(name) === undefined) {
      const hint = closest(name, known);
      throw new UsageError(`unknown profile '${name}'${hint ? ` (did you mean '${hint}'?)` : ""}; known profiles: ${known.join(", ")}`);
    }
  }
  const head = `extends: [${profiles.join(", ")}]\n`;
  const { profile } = loadProfile("ftpctl.yaml", { text: head });
  const { extends: _ext, ...effective } = profile;
  const commented = stringify(effective, { indent: 2 })
    .trimEnd()
    .split("\n")
    .map((l) => `# ${l}`)
    .join("\n");
  return [
    `# yaml-language-server: $schema=${SCHEMA_ID}`,
    "# ftpctl profile. Check it with 'ftpctl validate', see the vsftpd.conf it makes",
    "# with 'ftpctl render', and apply it with 'ftpctl apply'.",
    "#",
    `# Built-in profiles, composed in order: ${profiles.join(", ")}.`,
    head.trimEnd(),
    "",
    "# The built-in profiles above set these values. Uncomment a line to change it;",
    "# any vsftpd option can also be set under 'vsftpd:'. Every key, its default, the",
    "# vsftpd options it sets and an example: docs/profiles.md in ftpctl's package.",
    commented,
    ...(effective.local?.enabled === true ? ["", USERS_EXAMPLE] : []),
    "",
  ].join("\n");
}

/**
 * How FTP users are declared, for profiles with local logins: uncommented as
 * is, it validates (test/profile/init-notes.test.ts checks that).
 */
const USERS_EXAMPLE = [
  "# FTP users ftpctl creates: a nologin shell, so no system login. A password is",
  "# read from a file only root can read, an environment variable, or standard",
  "# input; it never appears on a command line or in output. Uncomment to use:",
  "# users:",
  "#   - name: alice",
  "#     password: {file: /root/alice.password}",
  "#   - name: bob",
  "#     home: /srv/ftp/bob",
  "#     jailed: true",
  "#     password: {env: BOB_PASSWORD}",
].join("\n");

/** What `-o -` is called in notes: the profile is on standard output, not in a file. */
export const STDOUT_NAME = "<stdout>";

/**
 * What to tell the operator about the starter profile just written. A starter profile may need
 * edits before it can be used (ftps needs a certificate and a login kind): those are not errors of
 * init, which did its job, but edits to make, under one heading. The next step is suggested only
 * when render would accept the profile as written.
 */
export function initNotes(target: string, text: string, notes: readonly ProfileProblem[], profiles: readonly string[]): string[] {
  const edits = notes.filter((n) => n.severity === "error");
  const name = target === "-" ? STDOUT_NAME : target;
  // A note on the combination itself has no line: the line to edit is `extends`.
  const extendsLine = text.split("\n").findIndex((l) => l.startsWith("extends:")) + 1;
  const where = (o: Origin) => formatOrigin(o.file === name && o.line === undefined && extendsLine > 0 ? { file: name, line: extendsLine, col: 1 } : o);
  const out: string[] = [];
  if (target !== "-") {
    const next = edits.length ? "" : `; next: ftpctl render ${target === "ftpctl.yaml" ? "" : target + " "}-o vsftpd.conf`;
    out.push(`wrote ${target} (extends ${profiles.join(", ")})${next}`);
  }
  if (edits.length) {
    out.push(`${name}: this starter profile needs ${edits.length === 1 ? "this edit" : `these ${edits.length} edits`} before 'ftpctl render' accepts it:`);
    for (const n of edits) out.push(`${where(n.origin)}: needs editing: ${n.message}${n.pointer ? ` (${n.pointer})` : ""}`);
  }
  for (const n of notes) if (n.severity !== "error") out.push(formatProblem(n));
  return out;
}

/** Exit 0 even when the profile needs edits: init wrote what was asked, and says what to change. */
export function initCommand(o: { profiles: string[]; output: string; force: boolean }, io: Io): number {
  const text = initText(o.profiles);
  // What validate and render will say about the starter profile, for this machine's build.
  const notes = profileNotes(o.output === "-" ? STDOUT_NAME : o.output, text, resolveDistro("auto"));
  if (o.output === "-") io.stdout(text);
  else writeOutput(o.output, text, { replace: o.force });
  for (const line of initNotes(o.output, text, notes, o.profiles)) io.stderr(line + "\n");
  return 0;
}
