/** PWD, CWD and CDUP: the working directory, always inside the session's jail. */
import { statSync } from "node:fs";
import { reply, TEXT } from "../replies.js";
import type { Session } from "../session.js";

/** vsftpd doubles a quote inside the quoted path. */
export const quoted = (path: string) => `"${path.replace(/"/g, '""')}"`;

export const pwd = (s: Session) => s.send(reply(257, `${quoted(s.cwd)} is the current directory`));

export function cwd(s: Session, arg: string): void {
  // vsftpd tries to change to the empty name, and fails.
  if (arg === "") return s.reply(550, TEXT.cwdFail);
  const r = s.resolve(arg);
  let ok = false;
  try {
    ok = r !== undefined && r.exists && statSync(r.host).isDirectory();
  } catch {
    ok = false;
  }
  if (!r || !ok) return s.reply(550, TEXT.cwdFail);
  s.cwd = s.shown(r);
  s.reply(250, TEXT.cwdOk);
}

export const cdup = (s: Session) => cwd(s, "..");
