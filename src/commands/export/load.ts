import type { Io } from "../../core/io.js";
import { prepareExport, type PreparedExport } from "../../export/prepare.js";
import { formatOrigin } from "../../profile/errors.js";
import { secretInputFromStdin } from "../terminal.js";

export interface ExportArgs {
  readonly file: string;
  readonly set: readonly string[];
  readonly distro: string;
  readonly force: boolean;
}

/** The profile and its passwords, read as plan and apply read them; the profile's warnings printed. */
export async function loadExport(o: ExportArgs, io: Io): Promise<PreparedExport> {
  const p = await prepareExport({ file: o.file, set: o.set, distro: o.distro, secretInput: secretInputFromStdin(process.env) });
  for (const w of p.warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
  return p;
}
