/**
 * The CI snippets in docs/ci.md run as written: every `run:` step of the
 * GitHub Actions workflow and every `script:` line of the GitLab CI job,
 * taken from the YAML blocks themselves, in a project holding a fixture
 * etc/vsftpd.conf. `npx` is a stand-in first on PATH that runs this
 * checkout's bin/ftpctl.js for `npx [--yes] ftpctl ...` and refuses anything
 * else, so the commands are the documented ones, unchanged. Steps run in
 * bash as GitHub runs them (`bash -e -o pipefail`), and stop at the first
 * failure as both CI systems do.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, REPO } from "../cli/ftpctl.js";

const FIXTURES = {
  /** listen and listen_ipv6 both on: vsftpd refuses to start (VSF201, an error). */
  bad: "listen=YES\nlisten_ipv6=YES\nanonymous_enable=YES\nlocal_enable=NO\n",
  /** A decimal umask: warnings only, so only --max-warnings 0 fails it. */
  warnings: "listen=YES\nlisten_ipv6=NO\nanonymous_enable=YES\nlocal_enable=NO\nwrite_enable=NO\nlocal_umask=22\n",
  good: "listen=YES\nlisten_ipv6=NO\nanonymous_enable=YES\nlocal_enable=NO\nwrite_enable=NO\nanon_upload_enable=NO\n",
} as const;

const CONF = "etc/vsftpd.conf";

interface Snippet {
  readonly name: string;
  readonly commands: readonly string[];
}

/** The ```yaml blocks of a Markdown page, keyed by the file named in their first-line comment. */
function yamlBlocks(markdown: string): Map<string, unknown> {
  const blocks = new Map<string, unknown>();
  for (const m of markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    const body = m[1]!;
    const title = /^# (\S+)/.exec(body)?.[1];
    if (title) blocks.set(title, parse(body));
  }
  return blocks;
}

function githubCommands(workflow: any): string[] {
  return Object.values(workflow.jobs as Record<string, { steps: { run?: string }[] }>).flatMap((job) => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run])));
}

function gitlabCommands(pipeline: Record<string, any>): string[] {
  return Object.values(pipeline).flatMap((job) => (job && typeof job === "object" && Array.isArray(job.script) ? (job.script as string[]) : []));
}

function snippets(): Snippet[] {
  const blocks = yamlBlocks(readFileSync(join(REPO, "docs/ci.md"), "utf8"));
  const github = blocks.get(".github/workflows/vsftpd-lint.yml");
  const gitlab = blocks.get(".gitlab-ci.yml");
  if (!github || !gitlab) throw new Error(`docs/ci.md must hold both snippets; found ${[...blocks.keys()].join(", ")}`);
  return [
    { name: "GitHub Actions", commands: githubCommands(github) },
    { name: "GitLab CI", commands: gitlabCommands(gitlab as Record<string, any>) },
  ];
}

describe("the CI snippets in docs/ci.md", () => {
  let dir = "";
  let path = "";
  const all = snippets();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-ci-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const npx = join(bin, "npx");
    writeFileSync(
      npx,
      [
        "#!/bin/sh",
        '[ "$1" = "--yes" ] && shift',
        `case "$1" in ftpctl|ftpctl@*) shift; exec '${process.execPath}' '${BIN}' "$@";; esac`,
        'echo "npx stand-in: only ftpctl runs here, not $1" >&2',
        "exit 127",
        "",
      ].join("\n"),
    );
    chmodSync(npx, 0o755);
    path = [bin, "/usr/bin", "/bin"].join(":");
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the commands in order in a fresh project holding `conf`; the exit status of each one run. */
  async function runJob(name: string, commands: readonly string[], conf: string): Promise<{ codes: number[]; output: string; project: string }> {
    const project = join(dir, name.replace(/\W+/g, "-"));
    mkdirSync(dirname(join(project, CONF)), { recursive: true });
    writeFileSync(join(project, CONF), conf);
    const codes: number[] = [];
    let output = "";
    for (const command of commands) {
      const r = await execa("/bin/bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", command], {
        cwd: project,
        env: { PATH: path, HOME: dir, NO_COLOR: "1" },
        extendEnv: false,
        reject: false,
        timeout: 30_000,
      });
      codes.push(r.exitCode ?? -1);
      output += `$ ${command}\n${String(r.stdout)}${String(r.stderr)}\n`;
      if (r.exitCode !== 0) break;
    }
    return { codes, output, project };
  }

  it.each(all)("$name: has ftpctl commands that lint the fixture, SARIF and a --max-warnings gate", ({ commands }) => {
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const c of commands) expect(c).toMatch(/^npx (--yes )?ftpctl lint .*etc\/vsftpd\.conf/);
    expect(commands.some((c) => c.includes("--format sarif"))).toBe(true);
    expect(commands.some((c) => c.includes("--max-warnings"))).toBe(true);
  });

  it.each(all)("$name: a config vsftpd refuses fails the job, after writing SARIF with the finding", async ({ name, commands }) => {
    const { codes, output, project } = await runJob(`${name} bad`, commands, FIXTURES.bad);
    expect(codes, output).toEqual([...commands.slice(0, -1).map(() => 0), 1]);
    expect(output).toMatch(/\bVSF201\b/);
    const sarif = JSON.parse(readFileSync(join(project, "ftpctl.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain("VSF201");
  });

  it.each(all)("$name: warnings alone fail the job through --max-warnings 0", async ({ name, commands }) => {
    const { codes, output } = await runJob(`${name} warnings`, commands, FIXTURES.warnings);
    expect(codes, output).toEqual([...commands.slice(0, -1).map(() => 0), 1]);
    expect(output).toMatch(/\bVSF601\b/);
  });

  it.each(all)("$name: a good config passes every step", async ({ name, commands }) => {
    const { codes, output, project } = await runJob(`${name} good`, commands, FIXTURES.good);
    expect(codes, output).toEqual(commands.map(() => 0));
    expect(JSON.parse(readFileSync(join(project, "ftpctl.sarif"), "utf8")).runs[0].results).toEqual([]);
  });

  it.each(all)("$name: a file ftpctl cannot read fails the SARIF step too (exit 2 is not a finding)", async ({ name, commands }) => {
    const sarifStep = commands.find((c) => c.includes("--format sarif"))!;
    const { codes, output } = await runJob(`${name} unreadable`, [sarifStep.replace(CONF, "etc/missing.conf")], FIXTURES.good);
    expect(codes[0], output).not.toBe(0);
  });
});
