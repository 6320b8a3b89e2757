/**
 * `ftpctl completion bash|zsh|fish`: scripts the real shells load, which
 * complete commands, subcommands and each command's own options, generated
 * from the same declarations the parser uses.
 */
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { describeWithTools } from "../helpers/require-tool.js";
import { BIN, ftpctl, NODE } from "./ftpctl.js";

const BASH = "/usr/bin/bash";
const ZSH = "/usr/bin/zsh";
const FISH = "/usr/bin/fish";
const LOAD = `eval "$("${NODE}" "${BIN}" completion bash)"`;

/** What bash completes for `line` (a trailing space starts a new word). */
async function bashComplete(line: string): Promise<string[]> {
  const script = `${LOAD}
read -ra COMP_WORDS <<< "$LINE"; [[ $LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _ftpctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = await execa(BASH, ["--norc", "-c", script], { env: { LINE: line, NO_COLOR: "1" }, reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
}

describeWithTools("shell completion", [BASH, ZSH, FISH], () => {
  it.each([
    ["ftpctl li", ["lint"]],
    ["ftpctl ", ["lint", "rules", "init", "validate", "render", "explain", "import", "cert", "plan", "apply", "export", "serve", "verify", "doctor", "completion", "--help", "--version"]],
    ["ftpctl lint --fo", ["--format"]],
    ["ftpctl cert ", ["generate", "inspect", "csr", "--help"]],
    ["ftpctl cert generate --k", ["--key", "--key-type"]],
    ["ftpctl verify ftpctl.yaml --ho", ["--host"]],
    ["ftpctl lint examples/x", []],
  ])("bash: %j", async (line, words) => {
    expect(await bashComplete(line)).toEqual(words);
  });

  it("zsh loads the script through bashcompinit and defines the completer", async () => {
    const r = await execa(ZSH, ["-f", "-c", `eval "$("${NODE}" "${BIN}" completion zsh)" && whence -w _ftpctl`], { reject: false });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("_ftpctl: function");
  });

  it("fish completes commands with their descriptions, subcommands and options", async () => {
    const r = await execa(FISH, ["--no-config", "-c", `"${NODE}" "${BIN}" completion fish | source; complete -C "ftpctl li"; complete -C "ftpctl cert g"; complete -C "ftpctl cert generate --key-"`], { reject: false });
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").filter(Boolean)).toEqual(["lint\tCheck vsftpd.conf files exactly as vsftpd 3.0.3 reads them", "generate\tMake a key and a self-signed certificate for vsftpd", "--key-type"]);
  });
});

describe("ftpctl completion", () => {
  it("an unknown shell is a usage error", async () => {
    const r = await ftpctl(["completion", "tcsh"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ftpctl: Invalid values: Argument: shell, Given: "tcsh", Choices: "bash", "zsh", "fish" \(see 'ftpctl completion --help'\)\n$/);
  });
});
