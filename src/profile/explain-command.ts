import type { Io } from "../cli.js";
import { jsonFailure } from "../core/json-error.js";
import { resolveDistro } from "../host/distro.js";
import { readConfigFile } from "../lint/source.js";
import { scanBytes } from "../vsftpd/scan.js";
import { effectiveFromConf, effectiveFromOptions, type EffectiveRow } from "./effective.js";
import { runPipeline } from "./pipeline.js";
import { formatOrigin, ProfileError } from "./errors.js";
import { reportProfileError } from "./report.js";

/** Profiles are YAML or JSON; anything else is read as a vsftpd.conf. */
export const isProfilePath = (file: string) => /\.(ya?ml|json)$/i.test(file);

export function explainCommand(o: { file: string; set: string[]; distro: string; json: boolean; changed: boolean }, io: Io): number {
  if (!o.json) return explain(o, io);
  try {
    return explain(o, io);
  } catch (err) {
    return jsonFailure(err, io, { file: o.file });
  }
}

function explain(o: { file: string; set: string[]; distro: string; json: boolean; changed: boolean }, io: Io): number {
  const distro = resolveDistro(o.distro);
  let rows: EffectiveRow[];
  if (isProfilePath(o.file)) {
    try {
      const p = runPipeline(o.file, { set: o.set, distro });
      rows = effectiveFromOptions(p.options, distro, p.loaded);
    } catch (err) {
      const code = reportProfileError(err, io);
      if (o.json && err instanceof ProfileError) {
        io.stdout(JSON.stringify({ file: o.file, ok: false, error: "invalid profile", problems: err.problems.map((p) => ({ ...p, location: formatOrigin(p.origin) })) }, null, 2) + "\n");
      }
      return code;
    }
  } else {
    rows = effectiveFromConf(o.file, scanBytes(readConfigFile(o.file)), distro);
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
