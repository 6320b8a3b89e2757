/**
 * How a data connection will be made: PASV/EPSV open the session's one
 * passive listener, PORT/EPRT name the client's address (active mode). Each
 * replaces whatever the previous one set up, as in vsftpd.
 */
import { activeAllowed, parseEprt, parsePort, type ActiveTarget } from "../active.js";
import { isIPv4 } from "node:net";
import { reply, TEXT } from "../replies.js";
import type { Session } from "../session.js";

export async function pasv(s: Session): Promise<void> {
  // After EPSV ALL, vsftpd refuses every other way of making a data connection.
  if (s.epsvAll) return s.reply(550, TEXT.permissionDenied);
  // vsftpd dies on a pasv_address that is not a dotted IPv4 literal (only PASV reads it, not EPSV).
  if (s.opts.pasvAddress !== undefined && !isIPv4(s.opts.pasvAddress)) return s.end(reply(500, "OOPS: invalid pasv_address"));
  const l = await s.openPassive();
  const host = s.opts.pasvAddress ?? (s.socket.localAddress ?? s.opts.address).replace(/^::ffff:/, "");
  const octets = isIPv4(host) ? host.replace(/\./g, ",") : "0,0,0,0";
  s.reply(227, `Entering Passive Mode (${octets},${l.port >> 8},${l.port & 255}).`);
}

export async function epsv(s: Session, arg: string): Promise<void> {
  if (arg !== "") {
    if (arg.toUpperCase() === "ALL") {
      s.epsvAll = true;
      return s.reply(200, "EPSV ALL ok.");
    }
    const n = Number.parseInt(arg, 10);
    const v6 = (s.socket.localAddress ?? "").includes(":") && !(s.socket.localAddress ?? "").startsWith("::ffff:");
    if (n !== 1 && !(n === 2 && v6)) return s.reply(522, "Bad network protocol.");
  }
  const l = await s.openPassive();
  // vsftpd ends this reply without a full stop (postlogin.c handle_pasv).
  s.reply(229, `Entering Extended Passive Mode (|||${l.port}|)`);
}

function setActive(s: Session, t: ActiveTarget, verb: "PORT" | "EPRT"): void {
  s.closePassive();
  s.active = undefined;
  if (!activeAllowed(t, s.socket.remoteAddress ?? "", s.opts.portPromiscuous)) {
    s.emit({ type: "refused", session: s.id, command: verb, code: 500, text: `data connection to ${t.host}:${t.port}` });
    return s.reply(500, `Illegal ${verb} command.`);
  }
  s.active = t;
  s.reply(200, verb === "PORT" ? "PORT command successful. Consider using PASV." : "EPRT command successful. Consider using EPSV.");
}

export function port(s: Session, arg: string): void {
  if (s.epsvAll) return s.reply(550, TEXT.permissionDenied);
  const t = parsePort(arg);
  if (!t) {
    s.closePassive();
    s.active = undefined;
    return s.reply(500, "Illegal PORT command.");
  }
  setActive(s, t, "PORT");
}

export function eprt(s: Session, arg: string): void {
  const local = s.socket.localAddress ?? "";
  const r = parseEprt(arg, local.includes(":") && !local.startsWith("::ffff:"));
  if ("error" in r) {
    s.closePassive();
    s.active = undefined;
    return s.reply(500, r.error === "protocol" ? "Bad EPRT protocol." : "Bad EPRT command.");
  }
  setActive(s, r.target, "EPRT");
}
