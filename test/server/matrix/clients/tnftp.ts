/**
 * tnftp, the classic `ftp` of the tutorial, driven as a person would type:
 * `-n` (no auto-login), `-v` (print the server's replies), `-p` (passive),
 * `-i` (mget without prompts), and a script on stdin that starts with
 * `user NAME PASSWORD`. Between commands the script says `lpwd`, a local
 * command whose "Local directory:" line cuts the output into one piece per
 * command. tnftp has no FTPS.
 */
import { execa } from "execa";
import { LOCAL, REMOTE, refusal, scriptOrder, type Driver, type Outcome } from "../target.js";
import type { Command } from "../table.js";

export const TNFTP = "/usr/bin/tnftp";

const LINE: Readonly<Record<Command, (dir: string) => string>> = {
  pwd: () => "pwd",
  cd: (dir) => `cd ${dir}`,
  ls: () => "ls",
  get: () => `get ${REMOTE.get}`,
  mget: () => "mget m*.txt",
  put: () => `put ${LOCAL.put}`,
  mput: () => `mput ${LOCAL.mput.join(" ")}`,
  delete: () => `delete ${REMOTE.del}`,
  mkdir: () => `mkdir ${REMOTE.mkdir}`,
  rmdir: () => `rmdir ${REMOTE.rmdir}`,
  binary: () => "binary",
  ascii: () => "ascii",
};

/** One command's piece of output: refused when a 4xx/5xx reply shows; allowed when it did its work. */
function judge(command: Command, piece: string[]): Outcome {
  const code = refusal(piece);
  if (code !== undefined) return { allow: false, code };
  const replies = piece.filter((l) => /^\d{3} /.test(l));
  // tnftp swallows PWD's 257 and prints the path itself.
  if (command === "pwd") return { allow: piece.some((l) => l.startsWith("Remote directory: ")) };
  // mget lists first (NLST): an empty or unreadable directory gives nothing to get. tnftp names each file it gets.
  if (command === "mget") return { allow: piece.filter((l) => l.startsWith("local: ")).length >= 2 && replies.some((l) => /^2\d\d /.test(l)) };
  return { allow: replies.some((l) => /^2\d\d /.test(l)) };
}

export const tnftp: Driver = async (t, commands) => {
  const ordered = scriptOrder(commands);
  const script = [`user ${t.user} ${t.password}`, "lpwd", ...ordered.flatMap((c) => [LINE[c](t.dir), "lpwd"]), "quit", ""].join("\n");
  const r = await execa(TNFTP, ["-n", "-v", "-p", "-i", "127.0.0.1", String(t.port)], {
    input: script,
    cwd: t.local,
    reject: false,
    timeout: 30_000,
    env: { HOME: t.local },
    extendEnv: false,
  });
  const pieces = String(r.stdout).split(/^Local directory: .*$/m).map((p) => p.split("\n").map((l) => l.replace(/\r$/, "")));
  // pieces[0] is the login; pieces[i + 1] the output of ordered[i].
  if (pieces.length < ordered.length + 2) throw new Error(`tnftp output has ${pieces.length - 2} of ${ordered.length} commands:\n${r.stdout}\n${r.stderr}`);
  return new Map(ordered.map((c, i) => [c, judge(c, pieces[i + 1]!)]));
};
