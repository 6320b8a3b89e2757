/**
 * Where a command's output goes. The CLI shell hands every command one Io;
 * tests hand in their own to capture what a command prints.
 */
import { writeSync } from "node:fs";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Writes straight to the descriptor, synchronously, so stdout and stderr keep
 * their order and everything is out when main() returns. A pipe that Node
 * made non-blocking (it does once anything touches process.stdout) refuses
 * with EAGAIN while full: wait a moment and retry, as a blocking write would.
 * A reader that went away (EPIPE, `ftpctl lint | head`) ends the output
 * quietly, as with any Unix filter.
 */
function writer(fd: 1 | 2): (text: string) => void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let broken = false;
  return (text) => {
    if (broken || text === "") return;
    const bytes = Buffer.from(text);
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(fd, bytes, off);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") Atomics.wait(pause, 0, 0, 1);
        else if (code === "EPIPE") return void (broken = true);
        else throw err;
      }
    }
  };
}

/** The process's own stdout and stderr. */
export const processIo: Io = { stdout: writer(1), stderr: writer(2) };
