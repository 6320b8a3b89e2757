/**
 * ASCII mode, as vsftpd's ascii.c converts (only with ascii_download_enable
 * or ascii_upload_enable): downloads turn each \n not already after a \r
 * into \r\n; uploads turn \r\n into \n and keep a lone \r. A \r at the end
 * of one chunk is carried to the next, so chunk boundaries change nothing.
 */
import { Transform } from "node:stream";

const CR = 0x0d;
const LF = 0x0a;

/** One step of the download conversion; `prevCr` says the previous chunk ended with \r. */
export function binToAscii(chunk: Buffer, prevCr: boolean): { out: Buffer; lastCr: boolean } {
  const out = Buffer.allocUnsafe(chunk.length * 2);
  let n = 0;
  let last = prevCr ? CR : 0;
  for (const b of chunk) {
    if (b === LF && last !== CR) out[n++] = CR;
    out[n++] = b;
    last = b;
  }
  return { out: out.subarray(0, n), lastCr: chunk.length ? last === CR : prevCr };
}

/** One step of the upload conversion; a \r held back from the previous chunk comes first. */
export function asciiToBin(chunk: Buffer, heldCr: boolean): { out: Buffer; holdCr: boolean } {
  const out = Buffer.allocUnsafe(chunk.length + 1);
  let n = 0;
  if (heldCr && chunk[0] !== LF) out[n++] = CR;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b !== CR) out[n++] = b;
    else if (i === chunk.length - 1) return { out: out.subarray(0, n), holdCr: true };
    else if (chunk[i + 1] !== LF) out[n++] = b;
  }
  return { out: out.subarray(0, n), holdCr: false };
}

export function toAscii(): Transform {
  let prevCr = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const r = binToAscii(chunk, prevCr);
      prevCr = r.lastCr;
      done(null, r.out);
    },
  });
}

export function fromAscii(): Transform {
  let held = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const r = asciiToBin(chunk, held);
      held = r.holdCr;
      done(null, r.out);
    },
    flush(done) {
      done(null, held ? Buffer.from([CR]) : undefined);
    },
  });
}
