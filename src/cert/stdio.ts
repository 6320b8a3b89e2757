/**
 * Standard output and error for the cert subcommands. yargs runs a nested
 * command's own handler instead of the parent's, so `ftpctl cert generate`
 * never passes through the Command.run that src/cli.ts hands its Io to;
 * the subcommand handlers use this one, which writes as cli.ts's does.
 */
import { writeSync } from "node:fs";
import type { Io } from "../cli.js";

function writer(fd: 1 | 2): (text: string) => void {
  let broken = false;
  return (text) => {
    if (broken || text === "") return;
    const bytes = Buffer.from(text);
    let off = 0;
    try {
      while (off < bytes.length) off += writeSync(fd, bytes, off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A reader that went away (`ftpctl cert inspect f | head`) ends the output quietly.
      if (code === "EPIPE") broken = true;
      else if (code === "EAGAIN") (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(off));
      else throw err;
    }
  };
}

export const processIo: Io = { stdout: writer(1), stderr: writer(2) };
