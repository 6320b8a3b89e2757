/**
 * `ftpctl serve --log FILE`: the session events appended to a file, as
 * vsftpd appends to its logs. The file is opened once with
 * O_APPEND|O_NOFOLLOW (never through a link), created 0600, and must be a
 * regular file: a FIFO, a device or a directory is refused without being
 * opened, and fstat(2) on the descriptor confirms what was opened.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, writeSync, type Stats } from "node:fs";
import { errnoCode, errnoReason } from "../core/errno.js";
import { InputError } from "../core/errors.js";
import { fileKind } from "../core/file-kind.js";
import { PRIVATE_MODE } from "../core/atomic-write.js";
import { ctime, formatEvent, xferlogLine, type ServerEvent } from "./events.js";

export interface LogFile {
  write(e: ServerEvent): void;
  close(): void;
}

function refuseKind(path: string, st: Stats): void {
  if (st.isSymbolicLink()) throw new InputError(path, "is a symbolic link; refusing to log through a link");
  if (!st.isFile()) throw new InputError(path, `is ${fileKind(st)}; refusing to log to it`);
}

/**
 * One line per event: a transfer as a bare xferlog line (what xferlog
 * tools read), every other event after ctime(3)'s time, as vsftpd's own log.
 */
export function logLine(e: ServerEvent, now: Date): string {
  return e.type === "transfer" ? xferlogLine(e, now) : `${ctime(now)} ${formatEvent(e)}`;
}

/** `onError` hears of a write that failed (a full disk); the server goes on. */
export function openLog(path: string, onError: (err: InputError) => void): LogFile {
  try {
    refuseKind(path, lstatSync(path));
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (errnoCode(err) !== "ENOENT") throw new InputError(path, errnoReason(err), errnoCode(err));
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY, PRIVATE_MODE);
  } catch (err) {
    const code = errnoCode(err);
    // O_NOFOLLOW's answer for a link that appeared after the look.
    if (code === "ELOOP") throw new InputError(path, "is a symbolic link; refusing to log through a link");
    throw new InputError(path, errnoReason(err), code);
  }
  try {
    refuseKind(path, fstatSync(fd));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  let open = true;
  return {
    write(e) {
      if (!open) return;
      try {
        writeSync(fd, `${logLine(e, new Date())}\n`);
      } catch (err) {
        onError(new InputError(path, `cannot write: ${errnoReason(err)}`, errnoCode(err)));
      }
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
