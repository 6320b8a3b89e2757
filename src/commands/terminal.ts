/**
 * Standard input for plan and apply: passwords (one line per user, or a
 * prompt without echo on a terminal) and apply's one confirmation question.
 * Nothing here waits on a pipe that was never going to say anything: a
 * non-terminal stdin is read to its end once, only when a profile asks for
 * a password from it.
 */
import { isatty } from "node:tty";
import { UsageError } from "../core/errors.js";
import { stdinPasswordLines, type SecretInput } from "../provision/secrets.js";

export const stdinIsTty = (): boolean => isatty(0);

/** Reads one line from the terminal; with `echo: false` the typed characters are not shown. */
export function askTerminal(prompt: string, opts: { echo: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let line = "";
    const raw = !opts.echo && typeof stdin.setRawMode === "function";
    if (raw) stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    const done = (err?: Error) => {
      stdin.off("data", onData);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      if (!opts.echo) process.stderr.write("\n");
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\u0003") return done(new UsageError("interrupted"));
        if (ch === "\u0004" && line === "") return done(new UsageError("no input"));
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u007f" || ch === "\b") line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}

/** Password input for readSecrets: lines of a piped stdin in profile order, or hidden prompts on a terminal. */
export function secretInputFromStdin(env: Readonly<Record<string, string | undefined>>): SecretInput {
  let lines: string[] | undefined;
  return {
    env,
    async readStdin(user) {
      if (stdinIsTty()) return askTerminal(`Password for FTP user ${user}: `, { echo: false });
      lines ??= stdinPasswordLines();
      const next = lines.shift();
      return next === undefined || (next === "" && lines.length === 0) ? undefined : next;
    },
  };
}
