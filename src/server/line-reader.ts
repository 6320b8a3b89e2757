/**
 * The control connection's line splitter: bytes in, command lines out, with
 * vsftpd's cap (VSFTP_MAX_COMMAND_LINE, 4096 bytes including the line end).
 * A longer line is an error the session answers with
 * "500 Input line too long." and a close, as vsftpd does.
 */

export const MAX_COMMAND_LINE = 4096;

export type LineEvent = { readonly line: string } | { readonly tooLong: true };

export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Feeds bytes; returns the complete lines they finish, or tooLong (after which nothing more is read). */
  push(chunk: Buffer): LineEvent[] {
    return this.pushUntil(chunk, () => false).events;
  }

  /**
   * Like push, but stops after the first line `stop` accepts and hands back
   * the bytes after it, unsplit (after AUTH TLS they belong to the TLS
   * handshake, as in vsftpd, which reads the socket one line at a time).
   */
  pushUntil(chunk: Buffer, stop: (line: string) => boolean): { events: LineEvent[]; rest?: Buffer } {
    const out: LineEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, nl === -1 ? chunk.length : nl);
      if (this.pendingBytes + piece.length + (nl === -1 ? 0 : 1) > MAX_COMMAND_LINE) {
        out.push({ tooLong: true });
        this.pending = [];
        this.pendingBytes = 0;
        return { events: out };
      }
      if (nl === -1) {
        if (piece.length) {
          this.pending.push(Buffer.from(piece));
          this.pendingBytes += piece.length;
        }
        return { events: out };
      }
      const bytes = this.pending.length ? Buffer.concat([...this.pending, piece]) : piece;
      this.pending = [];
      this.pendingBytes = 0;
      // vsftpd: a NUL in a line stands for a newline (RFC 959's Telnet rule); trailing CRs go.
      const line = bytes.toString("utf8").replace(/\0/g, "\n").replace(/\r+$/, "");
      out.push({ line });
      start = nl + 1;
      if (stop(line)) return { events: out, rest: Buffer.from(chunk.subarray(start)) };
    }
  }
}

/** vsftpd's split: the command word (upper-cased) before the first space, the argument after it. */
export function parseCommand(line: string): { word: string; arg: string } {
  const sp = line.indexOf(" ");
  // C toupper: ASCII only, so a non-ASCII word cannot turn into a known verb.
  const word = (sp === -1 ? line : line.slice(0, sp)).replace(/[a-z]/g, (c) => c.toUpperCase());
  return { word, arg: sp === -1 ? "" : line.slice(sp + 1) };
}
