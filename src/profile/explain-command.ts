import type { Io } from "../cli.js";
import { jsonFailure } from "../core/json-error.js";
import { resolveDistro } from "../host/distro.js";
import { readConfigFile } from "../lint/source.js";
import { scanBytes } from "../vsftpd/scan.js";
import { effectiveFromConf, effectiveFromOptions, type EffectiveRow } from "./effective.js";
import { UsageError } from "../core/errors.js";
import { readProfileFile } from "./load.js";
import { runPipeline } from "./pipeline.js";
import { formatOrigin, ProfileError } from "./errors.js";
import { reportProfileError } from "./report.js";

/** Profiles are YAML or JSON; anything else is read as a vsftpd.conf. */
export const isProfilePath = (file: string) => /\.(ya?ml|json)$/i.test(file);

export interface ExplainOptions {
  readonly file: string;
  readonly set: string[];
  readonly distro: string;
  readonly json: boolean;
  readonly changed: boolean;
  /** What standard input ("-") is called: its ending says whether it is a profile or a vsftpd.conf. */
  readonly stdinFilename?: string;
}

export function explainCommand(o: ExplainOptions, io: Io): number {
  if (!o.json) return explain(o, io);
  try {
    return explain(o, io);
  } catch (err) {
    return jsonFailure(err, io, { file: o.file });
  }
}

function explain(o: ExplainOptions, io: Io): number {
  const distro = resolveDistro(o.distro);
  const stdin = o.file === "-";
  if (o.stdinFilename !== undefined && !stdin) throw new UsageError("--stdin-filename names standard input, so it needs '-' as the file (ftpctl explain --stdin-filename NAME -)");
  // As lint names it: a vsftpd.conf unless --stdin-filename says it is a profile.
  const name = stdin ? (o.stdinFilename ?? "<stdin>") : o.file;
  let rows: EffectiveRow[];
  if (isProfilePath(name)) {
    try {
      const p = runPipeline(name, { set: o.set, distro, ...(stdin ? { text: readProfileFile("-", name) } : {}) });
      rows = effectiveFromOptions(p.options, distro, p.loaded);
    } catch (err) {
      const code = reportProfileError(err, io);
      if (o.json && err instanceof ProfileError) {
        io.stdout(JSON.stringify({ file: o.file, ok: false, error: "invalid profile", problems: err.problems.map((p) => ({ ...p, location: formatOrigin(p.origin) })) }, null, 2) + "\n");
      }
      return code;
    }
  } else {
    rows = effectiveFromConf(name, scanBytes(readConfigFile(o.file, name)), distro);
  }
  if (o.changed) rows = rows.filter((r) => r.source !== "default");
  if (o.json) {
    io.stdout(JSON.stringify({ file: o.file, distro, options: rows }, null, 2) + "\n");
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.name.length + 1 + r.text.length), 10);
  for (const r of rows) io.stdout(`${`${r.name} ${r.text}`.padEnd(width)}  # ${r.origin}\n`);
  return 0;
}
