import { existsSync } from "node:fs";
import { stringify } from "yaml";
import type { Io } from "../cli.js";
import { writeFileAtomic } from "../core/atomic-write.js";
import { UsageError } from "../core/errors.js";
import { DISTRO_PATHS, resolveDistro } from "../host/distro.js";
import { readConfigFile } from "../lint/source.js";
import { interpret } from "../vsftpd/interpret.js";
import { scanBytes } from "../vsftpd/scan.js";
import { ProfileError } from "./errors.js";
import { importConf } from "./import.js";
import { reportProfileError } from "./report.js";
import { SCHEMA_ID } from "./schema.js";
import { schemaProblems } from "./validate.js";
import { parseSource } from "./yaml-source.js";

export function importText(file: string, bytes: Uint8Array, distro: ReturnType<typeof resolveDistro>): string {
  const conf = interpret(scanBytes(bytes), distro);
  if (conf.firstRefusal) {
    const r = conf.firstRefusal;
    throw new ProfileError([
      { origin: { file, line: r.setting.line, col: r.setting.nameCol }, pointer: "", severity: "error", message: `vsftpd refuses this file (${r.message}); fix it first ('ftpctl lint --fix ${file}')` },
    ]);
  }
  const profile = importConf(conf, distro);
  const text = `# yaml-language-server: $schema=${SCHEMA_ID}\n# Imported by ftpctl from ${file} (${distro} build).\n` + stringify(profile, { indent: 2 });
  const problems = schemaProblems(parseSource(file + " (imported)", text));
  if (problems.length) throw new ProfileError(problems);
  return text;
}

export function importCommand(o: { conf: string | undefined; output: string | undefined; force: boolean; distro: string }, io: Io): number {
  const distro = resolveDistro(o.distro);
  const file = o.conf ?? DISTRO_PATHS[distro].config;
  let text: string;
  try {
    text = importText(file, readConfigFile(file), distro);
  } catch (err) {
    return reportProfileError(err, io);
  }
  if (!o.output) {
    io.stdout(text);
    return 0;
  }
  if (existsSync(o.output) && !o.force) throw new UsageError(`${o.output} already exists; use --force to replace it`);
  writeFileAtomic(o.output, text, { mode: 0o644, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
  io.stderr(`wrote ${o.output}\n`);
  return 0;
}
