import { stringify } from "yaml";
import type { Io } from "../../core/io.js";
import { writeOutput } from "../../core/output.js";
import { shown } from "../../core/shown.js";
import { DISTRO_PATHS, resolveDistro } from "../../host/distro.js";
import { shown as shownLine } from "../../lint/line-faults.js";
import { lintBytes } from "../../lint/linter.js";
import { clipQuoted } from "../../lint/quote.js";
import { readConfigFile } from "../../lint/source.js";
import { interpret } from "../../vsftpd/interpret.js";
import { scanBytes } from "../../vsftpd/scan.js";
import { ProfileError } from "../../profile/errors.js";
import { importConf, importedOption } from "../../profile/import.js";
import { reportProfileError } from "../profile-report.js";
import { SCHEMA_ID } from "../../profile/schema.js";
import { schemaProblems } from "../../profile/validate.js";
import { parseSource } from "../../profile/yaml-source.js";

export function importText(file: string, bytes: Uint8Array, distro: ReturnType<typeof resolveDistro>): string {
  const conf = interpret(scanBytes(bytes), distro);
  if (conf.firstRefusal) {
    const r = conf.firstRefusal;
    // vsftpd's message quotes the refused line, which may be anything (a pasted secret): by its beginning only.
    const said = clipQuoted(shownLine(r.message ?? ""), shownLine(r.setting.name));
    throw new ProfileError([
      { origin: { file, line: r.setting.line, col: r.setting.nameCol }, pointer: "", severity: "error", message: `vsftpd refuses this file (${said}); fix it first ('ftpctl lint --fix ${file}')` },
    ]);
  }
  // A file vsftpd refuses at startup or for every session (lint errors, host checks aside) has no
  // profile: the profile layer renders only configs vsftpd serves, so the import would not render.
  const refusals = lintBytes({ file, bytes, options: { distro, standalone: true } }).findings.filter((f) => f.severity === "error");
  if (refusals.length) {
    throw new ProfileError(
      refusals.map((f) => ({ origin: { file, line: f.line, col: f.col }, pointer: "", severity: "error" as const, message: `cannot import a file vsftpd refuses: ${f.message} [${f.code}]` })),
    );
  }
  const profile = importConf(conf, distro);
  const text = `# yaml-language-server: $schema=${SCHEMA_ID}\n# Imported by ftpctl from ${file} (${distro} build).\n` + stringify(profile, { indent: 2 });
  // A value the profile cannot hold safely (a CR, or edge whitespace a non-trimming build keeps):
  // report it at the line of the source file, which the user has, not of the text never shown.
  const problems = schemaProblems(parseSource(file + " (imported)", text));
  if (problems.length) {
    throw new ProfileError(
      problems.map((p) => {
        const option = importedOption(p.pointer);
        const line = option === undefined ? undefined : conf.effective.source(option)?.setting;
        return line ? { ...p, origin: { file, line: line.line, col: line.valueCol }, message: `cannot import ${option}: ${p.message}` } : p;
      }),
    );
  }
  return text;
}

export function importCommand(o: { conf: string | undefined; output: string | undefined; force: boolean; distro: string }, io: Io): number {
  const distro = resolveDistro(o.distro);
  const file = o.conf ?? DISTRO_PATHS[distro].config;
  // "-" is standard input, named so in messages and in the profile's header.
  const name = file === "-" ? "standard input" : file;
  let text: string;
  try {
    text = importText(name, readConfigFile(file, name), distro);
  } catch (err) {
    return reportProfileError(err, io);
  }
  if (o.output === undefined || o.output === "-") {
    io.stdout(text);
    return 0;
  }
  const w = writeOutput(o.output, text, { replace: o.force });
  io.stderr(`wrote ${shown(o.output)}${w.backup ? ` (previous version kept as ${shown(w.backup)})` : ""}\n`);
  return 0;
}
