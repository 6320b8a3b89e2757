import { backupPath, checkTarget, writeFile } from "../../../core/atomic-write.js";
import { UsageError } from "../../../core/errors.js";
import type { Io } from "../../../core/io.js";
import { cloudConfig } from "../../../export/cloud-init.js";
import { reportError } from "../../plan/run.js";
import { loadExport, type ExportArgs } from "../load.js";

export async function exportCloudInit(o: ExportArgs & { readonly output: string | undefined }, io: Io): Promise<number> {
  const toStdout = o.output === undefined || o.output === "-";
  try {
    // Refused before the profile and its passwords are read: nothing is asked for in vain.
    if (!toStdout && checkTarget(o.output!, "follow").existing && !o.force) {
      throw new UsageError(`${o.output} already exists; use --force to replace it (the old file is kept as ${backupPath(o.output!)})`);
    }
    const { steps } = await loadExport(o, io);
    const text = cloudConfig(steps);
    if (toStdout) {
      io.stdout(text);
      return 0;
    }
    // Password hashes inside: private from creation.
    const w = writeFile(o.output!, text, { mode: steps.passwords.length ? 0o600 : 0o644, links: "follow", backup: true });
    io.stderr(`wrote ${o.output}${w.backup ? ` (the old file kept as ${w.backup})` : ""}\n`);
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}
