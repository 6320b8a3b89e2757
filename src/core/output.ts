/**
 * `-o FILE` for every command that writes one file a user names (render,
 * init, import): written through src/core/atomic-write.ts, through a link
 * only to a regular file, the old file kept as <file>.bak. A new file is
 * 0644 and the caller's; a replaced one keeps its mode and owner, and so
 * does its backup. `-` is standard output and never reaches here.
 */
import { backupPath, checkTarget, FILE_MODE, writeFile } from "./atomic-write.js";
import { UsageError } from "./errors.js";

export interface OutputOptions {
  /** False: an existing file is refused with a hint to pass --force. */
  readonly replace: boolean;
}

export interface Output {
  /** Where the replaced file was kept, as the user would name it. */
  readonly backup?: string;
}

export function writeOutput(path: string, text: string, opts: OutputOptions): Output {
  const target = checkTarget(path, "follow");
  if (target.existing && !opts.replace) throw new UsageError(`${path} already exists; use --force to replace it (the old file is kept as ${backupPath(path)})`);
  const w = writeFile(path, text, { mode: FILE_MODE, links: "follow", backup: true });
  if (w.backup === undefined) return {};
  // Through a link the backup sits beside the link's target; otherwise name it as the user named the file.
  return { backup: w.path === target.path && !target.followed ? backupPath(path) : w.backup };
}
