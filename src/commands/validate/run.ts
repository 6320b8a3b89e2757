import type { Io } from "../../core/io.js";
import { jsonFailure } from "../json-error.js";
import { VERSION } from "../../core/version.js";
import { resolveDistro } from "../../host/distro.js";
import { ProfileError, formatOrigin } from "../../profile/errors.js";
import { checkRendered, renderPipeline, runPipeline } from "../../profile/pipeline.js";
import { reportProfileError } from "../profile-report.js";

export function validateCommand(o: { file: string; set: string[]; distro: string; json: boolean }, io: Io): number {
  const distro = resolveDistro(o.distro);
  try {
    const p = runPipeline(o.file, { set: o.set, distro });
    // A profile is valid only if the config it renders is one vsftpd reads as the profile says.
    const warnings = [...p.warnings, ...checkRendered(p, renderPipeline(p, VERSION))];
    if (o.json) {
      io.stdout(JSON.stringify({ file: o.file, valid: true, problems: warnings.map((w) => ({ ...w, location: formatOrigin(w.origin) })) }, null, 2) + "\n");
    } else {
      for (const w of warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
      const ext = p.loaded.profile.extends?.length ? ` (extends ${p.loaded.profile.extends.join(", ")})` : "";
      io.stdout(`${o.file}: valid${ext}\n`);
    }
    return 0;
  } catch (err) {
    if (o.json && err instanceof ProfileError) {
      io.stdout(JSON.stringify({ file: o.file, valid: false, problems: err.problems.map((w) => ({ ...w, location: formatOrigin(w.origin) })) }, null, 2) + "\n");
      return 1;
    }
    if (o.json && !(err instanceof ProfileError)) return jsonFailure(err, io, { file: o.file, valid: false });
    return reportProfileError(err, io);
  }
}
