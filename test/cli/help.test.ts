/**
 * What an operator sees before reading any source: `ftpctl` alone lists the
 * commands, every --help example is pasteable as one line, a misspelt option
 * gets a suggestion, and options are spelt the same way across commands.
 */
import { describe, expect, it } from "vitest";
import { commandList, formatExamples, wrapWords } from "../../src/cli-help.js";
import { withSuggestion } from "../../src/cli.js";
import type { Command } from "../../src/commands/command.js";
import { COMMANDS } from "../../src/commands/index.js";
import { ftpctl } from "./ftpctl.js";

/** Every command and subcommand, with the words that name it. */
function allCommands(cmds: readonly Command[] = COMMANDS, path: readonly string[] = []): { path: string[]; cmd: Command }[] {
  return cmds.flatMap((c) => {
    const here = [...path, c.command.split(" ")[0]!];
    return [{ path: here, cmd: c }, ...allCommands(c.subcommands ?? [], here)];
  });
}

describe("ftpctl with no command", () => {
  it("lists every command with what it does, then one error line; exit 2, nothing on stdout", async () => {
    const r = await ftpctl([]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    for (const c of COMMANDS) expect(r.stderr).toMatch(new RegExp(`^  ${c.command.split(" ")[0]} +\\S`, "m"));
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe("ftpctl: name a command (see 'ftpctl --help')");
  });

  it("the list wraps descriptions, never names", () => {
    const text = commandList(COMMANDS, 60);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(60);
  });
});

describe("--help examples", () => {
  it.each(allCommands().map(({ path, cmd }) => [path.join(" "), cmd] as const))("ftpctl %s --help: every example command whole on one line", async (name, cmd) => {
    const r = await ftpctl([...name.split(" "), "--help"]);
    expect(r.exitCode).toBe(0);
    for (const [example] of cmd.examples) expect(r.stdout).toContain(`\n  ${example.replaceAll("$0 ", "ftpctl ")}\n`);
    expect(r.stdout).not.toContain("$0");
  });

  it("the top level has examples and the exit codes", async () => {
    const r = await ftpctl(["--help"]);
    expect(r.stdout).toMatch(/\nExamples:\n  ftpctl init --profile anonymous\n/);
    expect(r.stdout).toMatch(/Exit codes: 0 success, 1 findings or failure, 2 usage error/);
  });

  it("a long example is never broken, however narrow the width", () => {
    const long = "ftpctl cert generate --key-type ec --cert /etc/ssl/certs/a-long-name.pem --key /etc/ssl/private/a-long-name.key";
    const text = formatExamples([[long, "a description long enough to be wrapped over more than one line at this width"]], 40);
    expect(text.split("\n")[1]).toBe(`  ${long}`);
    expect(text.split("\n").slice(2).every((l) => l.startsWith("      ") && l.length <= 40)).toBe(true);
  });

  it.each([
    ["one two three", 7, ["one two", "three"]],
    ["averyveryverylongword x", 5, ["averyveryverylongword", "x"]],
    ["  spaced   out  ", 80, ["spaced out"]],
  ] as const)("wrapWords(%j, %d)", (text, width, lines) => {
    expect(wrapWords(text, width)).toEqual(lines);
  });
});

describe("a misspelt option", () => {
  it.each([
    ["Unknown argument: formt", ["format", "f", "distro"], "Unknown argument: formt; did you mean --format?"],
    ["Unknown argument: fromat", ["format", "distro"], "Unknown argument: fromat; did you mean --format?"],
    ["Unknown argument: hots", ["host", "inetd"], "Unknown argument: hots; did you mean --host?"],
    ["Unknown argument: banana", ["format", "distro"], "Unknown argument: banana"],
    ["Unknown arguments: x, y", ["format"], "Unknown arguments: x, y"],
    ["Not enough arguments", ["format"], "Not enough arguments"],
  ] as const)("%s", (message, known, expected) => {
    expect(withSuggestion(message, known)).toBe(expected);
  });

  it("lint --formt json: the one line names --format; exit 2", async () => {
    const r = await ftpctl(["lint", "--formt", "json", "x.conf"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("ftpctl: Unknown argument: formt; did you mean --format? (see 'ftpctl lint --help')\n");
  });
});

describe("the same spelling everywhere", () => {
  it.each(allCommands().map(({ path }) => [path.join(" ")]))("ftpctl %s: a file to write is --output, never --out first", async (name) => {
    // --out stays an alias of --output so scripts written for it keep working.
    const r = await ftpctl([...name.split(" "), "--help"]);
    expect(r.stdout).not.toMatch(/^ +(-\w, )?--out\b/m);
  });

  it("cert csr --help names --output, with -o and --out as aliases", async () => {
    const r = await ftpctl(["cert", "csr", "--help"]);
    expect(r.stdout).toMatch(/-o, --output, --out +write the request here/);
  });
});

describe("lint --max-warnings", () => {
  it("exit 1 with a line saying the limit was exceeded", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", "--max-warnings", "0", "examples/seed-jailed.conf"], { cwd: new URL("../..", import.meta.url).pathname });
    expect(r.exitCode).toBe(1);
    // Implied anonymous logins (VSF706), its inverted chroot list (VSF606) and local logins over plain FTP (VSF703).
    expect(r.stderr).toBe("ftpctl: 3 warnings found; --max-warnings allows 0\n");
  });

  it("within the limit: no such line, exit 0", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", "--max-warnings", "3", "examples/seed-jailed.conf"], { cwd: new URL("../..", import.meta.url).pathname });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("the version", () => {
  it.each([["-V"], ["--version"]])("ftpctl %s prints it", async (flag) => {
    const r = await ftpctl([flag]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });

  it("is not an option of every command: lint --version is a usage error, and --help lists it at the top only", async () => {
    const r = await ftpctl(["lint", "--version"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("ftpctl: --version is ftpctl's own option: run 'ftpctl --version' (see 'ftpctl lint --help')\n");
    expect((await ftpctl(["lint", "--help"])).stdout).not.toContain("--version");
    expect((await ftpctl(["--help"])).stdout).toMatch(/^ {2}-V, --version +Show version number/m);
  });
});

describe("repeatable options take one value each", () => {
  it("render --set K=V FILE renders FILE, not ./ftpctl.yaml", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(`${tmpdir()}/ftpctl-greedy-`);
    try {
      writeFileSync(`${dir}/site.yaml`, "extends: [anonymous]\n");
      const r = await ftpctl(["render", "--set", "listen.port=2121", "--set", "passive.minPort=50000", "--set", "passive.maxPort=50010", "site.yaml", "-o", "-", "--distro", "debian"], { cwd: dir });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`from ${dir}/site.yaml`);
      expect(r.stdout).toMatch(/^listen_port=2121$/m);
      expect(r.stdout).toMatch(/^pasv_max_port=50010$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
