/** What a server tells its caller about sessions: one event per line `ftpctl serve` prints. Never a password. */
export type ServerEvent =
  | { readonly type: "connect"; readonly session: number; readonly address: string }
  | { readonly type: "login"; readonly session: number; readonly user: string; readonly anonymous: boolean }
  | { readonly type: "login-failed"; readonly session: number; readonly user: string }
  | {
      readonly type: "transfer";
      readonly session: number;
      readonly direction: "download" | "upload";
      readonly path: string;
      readonly bytes: number;
      readonly ok: boolean;
      /** For the xferlog line: who, from where, how long, in which mode. */
      readonly address: string;
      readonly user: string;
      readonly anonymous: boolean;
      readonly seconds: number;
      readonly ascii: boolean;
    }
  | { readonly type: "refused"; readonly session: number; readonly command: string; readonly code: number; readonly text: string }
  | { readonly type: "disconnect"; readonly session: number };

export type EventSink = (event: ServerEvent) => void;

/** One line for a terminal or log; a transfer as an xferlog line. Never a password. */
export function formatEvent(e: ServerEvent): string {
  switch (e.type) {
    case "connect": return `[${e.session}] connect from ${e.address}`;
    case "login": return `[${e.session}] login ${e.anonymous ? "anonymous" : e.user}`;
    case "login-failed": return `[${e.session}] login failed for ${JSON.stringify(e.user)}`;
    // A transfer in vsftpd's own transfer log format (xferlog).
    case "transfer": return `[${e.session}] ${xferlogLine(e, new Date())}`;
    case "refused": return `[${e.session}] refused ${e.command}: ${e.code} ${e.text}`;
    case "disconnect": return `[${e.session}] disconnect`;
  }
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ctime(3)'s layout, as xferlog writes it: `Thu Dec  3 04:02:01 2026`. */
export function ctime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/**
 * The wu-ftpd xferlog line vsftpd writes with xferlog_std_format: time,
 * seconds, host, bytes, file, a|b, _, o|i, a|r, user, ftp, 0, *, c|i.
 * vsftpd puts an anonymous user's password (an e-mail address) in the user
 * field; this server never logs what was typed as a password, so it says `ftp`.
 */
export function xferlogLine(e: Extract<ServerEvent, { type: "transfer" }>, now: Date): string {
  const file = e.path.replace(/\s/g, "_");
  const user = e.anonymous ? "ftp" : e.user.replace(/\s/g, "_");
  return [ctime(now), Math.max(1, Math.round(e.seconds)), e.address, e.bytes, file, e.ascii ? "a" : "b", "_", e.direction === "download" ? "o" : "i", e.anonymous ? "a" : "r", user, "ftp", 0, "*", e.ok ? "c" : "i"].join(" ");
}
