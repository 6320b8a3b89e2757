/**
 * `ftpctl init`: a starter profile that extends built-in profiles and shows,
 * commented out, the values they set, so an operator sees what to change.
 */
import { stringify } from "yaml";
import type { Io } from "../cli.js";
import { writeOutput } from "../core/output.js";
import { UsageError } from "../core/errors.js";
import { closest } from "../lint/suggest.js";
import { builtinNames, builtinText } from "./builtins.js";
import { resolveDistro } from "../host/distro.js";
import { formatProblem } from "./errors.js";
import { DEFAULT_PROFILE_FILE, loadProfile } from "./load.js";
import { profileNotes } from "./pipeline.js";
import { SCHEMA_ID } from "./schema.js";

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
    "# any vsftpd option can also be set under 'vsftpd:'.",
    commented,
    "",
  ].join("\n");
}

export function initCommand(o: { profiles: string[]; output: string; force: boolean }, io: Io): number {
  const text = initText(o.profiles);
  // What validate and render will say about the starter profile, for this machine's build.
  for (const n of profileNotes(o.output === "-" ? DEFAULT_PROFILE_FILE : o.output, text, resolveDistro("auto"))) io.stderr(formatProblem(n) + "\n");
  if (o.output === "-") {
    io.stdout(text);
    return 0;
  }
  writeOutput(o.output, text, { replace: o.force });
  io.stderr(`wrote ${o.output} (extends ${o.profiles.join(", ")}); next: ftpctl render ${o.output === "ftpctl.yaml" ? "" : o.output + " "}-o vsftpd.conf\n`);
  return 0;
}
