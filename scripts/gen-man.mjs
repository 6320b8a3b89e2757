#!/usr/bin/env node
// man/ftpctl.1 from the same help text `ftpctl --help` and each command's
// `--help` print (run from the build in dist/), so the two cannot differ:
// `npm run build && node scripts/gen-man.mjs`. test/docs/man.test.ts fails
// when the committed page is stale.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const MAN_FILE = `${root}man/ftpctl.1`;

function help(words) {
  // Not a terminal: the help is 100 columns wide whatever the terminal running this is.
  return execFileSync(process.execPath, [`${root}bin/ftpctl.js`, ...words, "--help"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1" } });
}

/** Text as roff shows it verbatim: backslashes doubled, and no line may start with a dot or quote. */
const verbatim = (text) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => l.replaceAll("\\", "\\e").replace(/^([.'])/, "\\&$1"))
    .join("\n");

/** The names in a help text's "Commands:" block (not its examples, which look alike). */
function listed(text, prefix) {
  const block = /(?:^|\n)Commands:\n([\s\S]*?)(?:\n\n|(?![\s\S]))/.exec(text)?.[1] ?? "";
  return [...block.matchAll(new RegExp(`^ {2}ftpctl ${prefix}(\\w[\\w-]*)`, "gm"))].map((m) => m[1]);
}

/** The commands and subcommands, in the order the help lists them. */
function commands() {
  return listed(help([]), "").flatMap((n) => [[n], ...listed(help([n]), `${n} `).map((sub) => [n, sub])]);
}

export function renderMan() {
  const version = JSON.parse(readFileSync(`${root}package.json`, "utf8")).version;
  const out = [
    `.TH FTPCTL 1 "" "ftpctl ${version}" "User Commands"`,
    ".SH NAME",
    "ftpctl \\- validate, lint, render, provision, serve and verify vsftpd configurations",
    ".SH SYNOPSIS",
    ".B ftpctl",
    ".I command",
    "[options]",
    ".SH DESCRIPTION",
    ".nf",
    verbatim(help([])),
    ".fi",
    ".SH COMMANDS",
  ];
  for (const words of commands()) {
    out.push(`.SS ftpctl ${words.join(" ")}`, ".nf", verbatim(help(words)), ".fi");
  }
  out.push(".SH SEE ALSO", "vsftpd(8), vsftpd.conf(5)", "");
  return out.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(MAN_FILE, renderMan());
  console.log(`wrote ${MAN_FILE}`);
}
