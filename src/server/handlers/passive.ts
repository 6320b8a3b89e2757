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
  s.reply(227, `Entering Passive Mode (${pasvOctets(s.socket.localAddress ?? s.opts.address, s.opts.pasvAddress)},${l.port >> 8},${l.port & 255}).`);
}

/** An IPv6 socket, as vsftpd's sockaddr_is_ipv6 sees it: an IPv4 client of a dual-stack listener (::ffff:a.b.c.d) too. */
const ipv6Socket = (local: string | undefined) => (local ?? "").includes(":");

/**
 * The address PASV names (postlogin.c handle_pasv): on IPv4, pasv_address or
 * the control connection's address; on an IPv6 socket only an IPv4-mapped
 * local address has four octets to give, so ::1 (and pasv_address, which
 * vsftpd keeps as an IPv4 sockaddr there) comes out as 0,0,0,0.
 */
export function pasvOctets(local: string, pasvAddress: string | undefined): string {
  const octets = (a: string) => a.replace(/\./g, ",");
  if (!ipv6Socket(local)) return octets(pasvAddress ?? local);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(local);
  return mapped && pasvAddress === undefined ? octets(mapped[1]!) : "0,0,0,0";
}

export async function epsv(s: Session, arg: string): Promise<void> {
  if (arg !== "") {
    if (arg.toUpperCase() === "ALL") {
      s.epsvAll = true;
      return s.reply(200, "EPSV ALL ok.");
    }
    const n = Number.parseInt(arg, 10);
    if (n !== 1 && !(n === 2 && ipv6Socket(s.socket.localAddress))) return s.reply(522, "Bad network protocol.");
  }
  const l = await s.openPassive();
  // No full stop: the 3.0.3 binary ends at "|)" (3.0.2's source had "|).").
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
  const r = parseEprt(arg, ipv6Socket(s.socket.localAddress));
  if ("error" in r) {
    s.closePassive();
    s.active = undefined;
    return s.reply(500, r.error === "protocol" ? "Bad EPRT protocol." : "Bad EPRT command.");
  }
  setActive(s, r.target, "EPRT");
}
