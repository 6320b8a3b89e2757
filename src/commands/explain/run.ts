import type { Io } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import { jsonFailure } from "../json-error.js";
import { resolveDistro } from "../../host/distro.js";
import type { Finding } from "../../lint/finding.js";
import { visible } from "../../lint/format/text.js";
import { lintBytes } from "../../lint/linter.js";
import { checkConfigShape, readConfigText } from "../../lint/source.js";
import type { Distro } from "../../vsftpd/option-spec.js";
import { notAConfig, scanBytes } from "../../vsftpd/scan.js";
import { effectiveFromConf, effectiveFromOptions, type EffectiveRow } from "../../profile/effective.js";
import { runPipeline } from "../../profile/pipeline.js";
import { formatOrigin, ProfileError } from "../../profile/errors.js";
import { isProfilePath } from "../../profile/profile-path.js";
import { reportProfileError } from "../profile-report.js";

/** Profiles are YAML or JSON; anything else is read as a vsftpd.conf. */
export { isProfilePath };

type ExplainOptions = { file: string; set: string[]; distro: string; json: boolean; changed: boolean };

export function explainCommand(o: ExplainOptions, io: Io): number {
  if (!o.json) return explain(o, io);
  try {
    return explain(o, io);
  } catch (err) {
    return jsonFailure(err, io, { file: o.file });
  }
}

/**
 * What `file` holds: a profile when its name says so, or when its text reads as YAML or JSON (a
 * profile named site.conf); otherwise a vsftpd.conf, whose bytes are returned. Text that is
 * neither is refused without being quoted.
 */
function classify(file: string): { kind: "profile"; text?: string } | { kind: "conf"; bytes: Uint8Array } {
  if (isProfilePath(file)) return { kind: "profile" };
  const bytes = readConfigText(file);
  const text = Buffer.from(bytes).toString("utf8");
  // A named file is read again as a profile (with a profile's size cap); standard input cannot be.
  if (notAConfig(text)?.profileLike) return file === "-" ? { kind: "profile", text } : { kind: "profile" };
  checkConfigShape(file, bytes);
  return { kind: "conf", bytes };
}

/** The errors lint finds in a vsftpd.conf: vsftpd refuses to start or refuses every session, as `import` judges. */
function refusals(file: string, bytes: Uint8Array, distro: Distro): Finding[] {
  return lintBytes({ file, bytes, options: { distro, standalone: true } }).findings.filter((f) => f.severity === "error");
}

function explain(o: ExplainOptions, io: Io): number {
  const distro = resolveDistro(o.distro);
  const input = classify(o.file);
  let rows: EffectiveRow[];
  if (input.kind === "profile") {
    try {
      const p = runPipeline(o.file, { set: o.set, distro, ...(input.text !== undefined ? { text: input.text } : {}) });
      rows = effectiveFromOptions(p.options, distro, p.loaded);
    } catch (err) {
      const code = reportProfileError(err, io);
      if (o.json && err instanceof ProfileError) {
        io.stdout(JSON.stringify({ file: o.file, ok: false, error: "invalid profile", problems: err.problems.map((p) => ({ ...p, location: formatOrigin(p.origin) })) }, null, 2) + "\n");
      }
      return code;
    }
  } else {
    // --set edits a profile's keys; a vsftpd.conf has none, and ignoring the flag would explain something else than asked.
    if (o.set.length) throw new UsageError(`--set applies to profiles, and ${o.file} is a vsftpd.conf: edit the file, or import it first ('ftpctl import ${o.file}')`);
    // What a file vsftpd refuses would set is in effect nowhere: its errors are the explanation.
    const refused = refusals(o.file, input.bytes, distro);
    if (refused.length) {
      for (const f of refused) io.stderr(`${f.file}:${f.line}:${f.col}: error: ${visible(f.message)} [${f.code}]\n`);
      const summary = `vsftpd refuses ${o.file} (${refused.length} error${refused.length === 1 ? "" : "s"}): no option is in effect; fix it first ('ftpctl lint ${o.file}')`;
      io.stderr(summary + "\n");
      if (o.json) {
        const findings = refused.map(({ code, messageId, message, line, col }) => ({ code, messageId, message, line, col }));
        io.stdout(JSON.stringify({ file: o.file, ok: false, error: summary, findings }, null, 2) + "\n");
      }
      return 1;
    }
    rows = effectiveFromConf(o.file, scanBytes(input.bytes), distro);
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
