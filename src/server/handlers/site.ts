/** SITE for local users (vsftpd's handle_site): CHMOD (write_enable and chmod_enable), UMASK, HELP. */
import { chmodSync } from "node:fs";
import { octalToUint } from "../../vsftpd/values.js";
import { TEXT } from "../replies.js";
import type { Session } from "../session.js";

const octal = (n: number) => `0${n.toString(8)}`;

function chmod(s: Session, rest: string): void {
  const sp = rest.indexOf(" ");
  if (rest === "" || sp === -1 || rest.slice(sp + 1) === "") return s.reply(500, "SITE CHMOD needs 2 arguments.");
  const r = s.resolve(rest.slice(sp + 1));
  try {
    if (!r?.exists) throw new Error("missing");
    chmodSync(r.host, octalToUint(rest.slice(0, sp)) & 0o777);
  } catch {
    return s.reply(550, "SITE CHMOD command failed.");
  }
  s.reply(200, "SITE CHMOD command ok.");
}

function umask(s: Session, rest: string): void {
  if (rest === "") return s.reply(200, `Your current UMASK is ${octal(s.umask)}`);
  s.umask = octalToUint(rest) & 0o777;
  s.reply(200, `UMASK set to ${octal(s.umask)}`);
}

export function site(s: Session, arg: string): void {
  // vsftpd answers SITE from anonymous sessions like a switched-off command.
  if (s.anonymous) return s.reply(550, TEXT.permissionDenied);
  const sp = arg.indexOf(" ");
  const sub = (sp === -1 ? arg : arg.slice(0, sp)).toUpperCase();
  const rest = sp === -1 ? "" : arg.slice(sp + 1);
  const canChmod = s.opts.writeEnable && s.opts.chmodEnable;
  if (sub === "CHMOD" && canChmod) return chmod(s, rest);
  if (sub === "UMASK") return umask(s, rest);
  if (sub === "HELP") return s.reply(214, canChmod ? "CHMOD UMASK HELP" : "UMASK HELP");
  s.reply(500, "Unknown SITE command.");
}
