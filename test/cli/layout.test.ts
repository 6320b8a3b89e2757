/**
 * The CLI layer's layout (CONTRIBUTING.md, "Adding a command"): each command
 * is one folder under src/commands/, and only the CLI layer (src/cli*.ts and
 * src/commands/) prints: the domain folders neither import it nor take an Io.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/commands/command.js";
import { COMMANDS } from "../../src/commands/index.js";

const REPO = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const SRC = join(REPO, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

/** The src/ files a file imports, statically or with import(), as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)["']([^"']+)["']/gm)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith(".")).map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, ".ts"));
}

const isCliLayer = (rel: string) => /^cli[^/]*\.ts$/.test(rel) || rel.startsWith("commands/");
const nameOf = (cmd: Command) => cmd.command.split(" ")[0]!;

function folders(cmds: readonly Command[], under: string): { name: string; folder: string }[] {
  return cmds.flatMap((c) => {
    const folder = `${under}/${nameOf(c)}`;
    return [{ name: nameOf(c), folder }, ...folders(c.subcommands ?? [], folder)];
  });
}

describe("one folder per command", () => {
  it.each(folders(COMMANDS, "src/commands"))("$name is declared in $folder/command.ts", ({ folder }) => {
    expect(existsSync(join(REPO, folder, "command.ts")), `${folder}/command.ts`).toBe(true);
  });

  it("the command table holds what the folders hold", () => {
    const dirs = readdirSync(join(SRC, "commands")).filter((n) => existsSync(join(SRC, "commands", n, "command.ts")));
    expect(dirs.sort()).toEqual(COMMANDS.map(nameOf).sort());
  });
});

describe("the domain does not reach into the CLI layer", () => {
  const domain = sourceFiles(SRC).filter((f) => !isCliLayer(relative(SRC, f)));

  it("no file outside src/cli*.ts and src/commands/ imports from them", () => {
    const offending = domain.flatMap((f) => importsOf(f).filter(isCliLayer).map((i) => `${relative(REPO, f)} imports src/${i}`));
    expect(offending).toEqual([]);
  });

  it("no domain file takes an Io (printing is the CLI layer's)", () => {
    const offending = domain.filter((f) => importsOf(f).includes("core/io.ts")).map((f) => relative(REPO, f));
    expect(offending).toEqual([]);
  });

  it("test-only code lives under test/", () => {
    expect(existsSync(join(SRC, "host/fake-facts.ts"))).toBe(false);
    expect(existsSync(join(REPO, "test/helpers/fake-facts.ts"))).toBe(true);
  });
});

describe("each list of choices is written once", () => {
  const LISTS: readonly (readonly [string, string])[] = [
    ["distros", `"auto", "debian", "rhel", "upstream"`],
    ["lint formats", `"text", "json", "sarif", "github"`],
    ["verify formats", `"text", "json", "junit", "nagios"`],
    ["plan steps", `"package", "account", "users", "pam", "directories", "lists", "certificate", "config", "firewall", "service"`],
    ["shells", `"bash", "zsh", "fish"`],
  ];
  const texts = sourceFiles(SRC).map((f) => [relative(REPO, f), readFileSync(f, "utf8")] as const);

  it.each(LISTS)("the %s", (_what, list) => {
    expect(texts.filter(([, text]) => text.includes(list)).map(([file]) => file)).toHaveLength(1);
  });
});
