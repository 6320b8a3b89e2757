/**
 * Every word comes back from the remote shell exactly as it was sent: the
 * quoted line is run by the real /bin/sh (dash, Debian's) and bash (root's
 * login shell, which is what sshd hands the command to), and printf '%s\0'
 * shows the words it split the line into, byte for byte.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellCommand, shellQuote } from "../../src/remote/quote.js";

const WORDS: readonly (readonly [string, string | Buffer])[] = [
  ["plain", "vsftpd"],
  ["empty", ""],
  ["spaces", "two  words and\ttab"],
  ["single quote", "it's"],
  ["only quotes", "'''"],
  ["double quotes", '"quoted" "'],
  ["newline", "line one\nline two\n"],
  ["command substitution", "$(touch /tmp/ftpctl-quote-pwned)"],
  ["backticks", "`touch /tmp/ftpctl-quote-pwned`"],
  ["variables", "$HOME ${PATH} $1 $@ $$"],
  ["leading dash", "-rf"],
  ["leading double dash", "--option=value"],
  ["glob", "* ? [a-z] ~root"],
  ["operators", "a; b && c | d > e < f & g"],
  ["backslashes", "\\ \\' \\\\n"],
  ["non-UTF-8 bytes", Buffer.from([0x66, 0xff, 0xfe, 0x27, 0x80, 0x0a, 0x24, 0x28])],
  ["UTF-8", "ünïcødé ✓"],
  ["hash", "#not a comment"],
  ["assignment-like", "PATH=/tmp"],
];

function splitBy(shell: string, line: Buffer): Buffer[] {
  const r = spawnSync(shell, ["-s"], { input: Buffer.concat([Buffer.from("printf '%s\\0' "), line, Buffer.from("\n")]) });
  expect(r.status, `${shell}: ${r.stderr.toString()}`).toBe(0);
  const out = r.stdout;
  const words: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < out.length; i++) if (out[i] === 0) (words.push(out.subarray(start, i)), (start = i + 1));
  return words;
}

describe("shellQuote", () => {
  for (const shell of ["/bin/sh", "/bin/bash"]) {
    describe(shell, () => {
      it.each(WORDS)("%s comes back unchanged", (_name, word) => {
        const quoted = typeof word === "string" ? Buffer.from(shellQuote(word)) : shellQuote(word);
        const back = splitBy(shell, quoted);
        expect(back).toEqual([Buffer.from(word)]);
      });

      it("a whole command line splits into exactly its words", () => {
        const argv = WORDS.map(([, w]) => w).filter((w): w is string => typeof w === "string");
        const back = splitBy(shell, Buffer.from(shellCommand(argv)));
        expect(back.map((b) => b.toString("utf8"))).toEqual(argv);
      });
    });
  }

  it("refuses a NUL byte, which no argv word can hold", () => {
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
    expect(() => shellQuote(Buffer.from([0x61, 0, 0x62]))).toThrow(/NUL/);
  });

  it("refuses an empty command", () => {
    expect(() => shellCommand([])).toThrow(/empty command/);
  });
});
