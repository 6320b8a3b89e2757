/**
 * The parts of `--help` ftpctl renders itself. yargs wraps an example's
 * command in the middle (`--key k.pem` landed on the next line, so pasting
 * the first line dropped flags): here every example command is one line,
 * never wrapped, with its description wrapped beneath it.
 */
import type { Command } from "./commands/command.js";

export const EXIT_CODES = "Exit codes: 0 success, 1 findings or failure, 2 usage error or unreadable input.";

/** Top-level examples: the typical first steps, in order. */
export const TOP_EXAMPLES: readonly (readonly [string, string])[] = [
  ["ftpctl init --profile anonymous", "write a starter profile (ftpctl.yaml) for an anonymous read-only server"],
  ["ftpctl render -o /etc/vsftpd.conf", "render ftpctl.yaml into vsftpd.conf, linted before it is written"],
  ["ftpctl lint", "lint this machine's vsftpd.conf exactly as vsftpd reads it"],
  ["ftpctl cert generate --cn ftp.example.org", "a self-signed certificate and a 0600 key for FTPS"],
  ["ftpctl apply --yes", "make this host match ftpctl.yaml (plan first with `ftpctl plan`)"],
  ["ftpctl serve --root ./tree", "try a profile on the embedded FTP server, no root needed"],
];

/** Words of `text` in lines of at most `width` columns (a longer word keeps its own line). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** "Examples:" with each command whole on its own line and its description indented below. */
export function formatExamples(examples: readonly (readonly [string, string])[], width: number): string {
  if (examples.length === 0) return "";
  const out = ["Examples:"];
  for (const [cmd, what] of examples) {
    out.push(`  ${cmd.replaceAll("$0 ", "ftpctl ")}`);
    for (const l of wrapWords(what, Math.max(20, width - 6))) out.push(`      ${l}`);
  }
  return out.join("\n");
}

/** The commands and what each does: what `ftpctl` alone prints, so the user sees what to name. */
export function commandList(commands: readonly Command[], width = 100): string {
  const names = commands.map((c) => c.command.split(" ")[0]!);
  const pad = Math.max(...names.map((n) => n.length)) + 2;
  const rows = commands.flatMap((c, i) => wrapWords(c.describe, width - pad - 2).map((l, j) => `  ${(j === 0 ? names[i]! : "").padEnd(pad)}${l}`));
  return ["Usage: ftpctl <command> [options]", "", "Commands:", ...rows].join("\n");
}
