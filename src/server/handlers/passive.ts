/** PASV and EPSV open the session's one passive listener; PORT and EPRT (active mode) are not here yet. */
import type { Session } from "../session.js";

export async function pasv(s: Session): Promise<void> {
  const l = await s.openPassive();
  const host = (s.socket.localAddress ?? s.opts.address).replace(/^::ffff:/, "");
  const octets = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host.replace(/\./g, ",") : "0,0,0,0";
  s.reply(227, `Entering Passive Mode (${octets},${l.port >> 8},${l.port & 255}).`);
}

export async function epsv(s: Session, arg: string): Promise<void> {
  if (arg !== "") {
    if (arg.toUpperCase() === "ALL") return s.reply(200, "EPSV ALL ok.");
    const n = Number.parseInt(arg, 10);
    const v6 = (s.socket.localAddress ?? "").includes(":") && !(s.socket.localAddress ?? "").startsWith("::ffff:");
    if (n !== 1 && !(n === 2 && v6)) return s.reply(522, "Bad network protocol.");
  }
  const l = await s.openPassive();
  s.reply(229, `Entering Extended Passive Mode (|||${l.port}|).`);
}

export const port = (s: Session) => s.reply(502, "Active mode (PORT/EPRT) not implemented.");
