/**
 * scripts/check-parity.mjs: on this repository (every rule has its test and
 * doc page, generated files are current), and on small fixture trees that
 * show each message names the file to add.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

interface Parity {
  checkParity(root: string, opts?: { generated?: boolean }): Promise<string[]>;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const { checkParity } = (await import(pathToFileURL(`${ROOT}/scripts/check-parity.mjs`).href)) as Parity;

const RULE = (code: string, name: string) => `export default defineRule({\n  code: "${code}",\n  name: "${name}",\n});\n`;
const DOC = (code: string, name: string) =>
  `# ${code} ${name}\n\nText.\n\n## Incorrect\n\n\`\`\`vsftpd\nlisten=on\n\`\`\`\n\n## Correct\n\n\`\`\`vsftpd\nlisten=YES\n\`\`\`\n`;

let trees: string[] = [];
afterEach(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
  trees = [];
});

/** A fixture tree with the given files (path -> text) under a fresh temp dir. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ftpctl-parity-"));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const complete = {
  "src/lint/rules/VSF110-bad-bool.ts": RULE("VSF110", "bad-bool"),
  "test/rules/VSF110-bad-bool.test.ts": "",
  "docs/rules/VSF110.md": DOC("VSF110", "bad-bool"),
};

describe("check-parity on fixture trees", () => {
  it("passes a rule with its test and doc page", async () => {
    expect(await checkParity(tree(complete), { generated: false })).toEqual([]);
  });

  it("accepts example fences that name the build to lint for", async () => {
    const doc = DOC("VSF110", "bad-bool").replaceAll("```vsftpd\n", "```vsftpd distro=rhel\n");
    expect(await checkParity(tree({ ...complete, "docs/rules/VSF110.md": doc }), { generated: false })).toEqual([]);
  });

  it("names the test file and the doc page a new rule needs", async () => {
    const problems = await checkParity(tree({ "src/lint/rules/VSF301-bad-port.ts": RULE("VSF301", "bad-port") }), { generated: false });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("add test/rules/VSF301-bad-port.test.ts");
    expect(problems[1]).toContain("add docs/rules/VSF301.md");
    expect(problems[1]).toContain("'# VSF301 bad-port'");
  });

  it("reports a doc page or a test without a rule", async () => {
    const problems = await checkParity(
      tree({ ...complete, "docs/rules/VSF999.md": DOC("VSF999", "gone"), "test/rules/VSF998-gone.test.ts": "" }),
      { generated: false },
    );
    expect(problems).toEqual([
      "test/rules/VSF998-gone.test.ts tests no rule: there is no src/lint/rules/VSF998-*.ts; delete the test or add the rule",
      "docs/rules/VSF999.md documents no rule: there is no src/lint/rules/VSF999-*.ts; delete the page or add the rule",
    ]);
  });

  it("asks to rename a test named after an old rule name", async () => {
    const problems = await checkParity(tree({ ...complete, "test/rules/VSF110-bool.test.ts": "" }), { generated: false });
    expect(problems).toEqual(["test/rules/VSF110-bool.test.ts is named after no rule: rename it to test/rules/VSF110-bad-bool.test.ts"]);
  });

  it.each([
    ["a wrong title", DOC("VSF110", "bad-bool").replace("# VSF110 bad-bool", "# Bad bools"), "make it '# VSF110 bad-bool'"],
    ["no Correct section", DOC("VSF110", "bad-bool").replace("## Correct", "## Right"), "add a '## Correct' section"],
    ["a block in another language", DOC("VSF110", "bad-bool").replace("```vsftpd\nlisten=on", "```ini\nlisten=on"), "'## Incorrect' section needs a ```vsftpd block"],
  ])("reports a doc page with %s", async (_what, doc, message) => {
    const problems = await checkParity(tree({ ...complete, "docs/rules/VSF110.md": doc }), { generated: false });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("reports a rule whose declared code or name disagrees with its file name", async () => {
    const problems = await checkParity(tree({ ...complete, "src/lint/rules/VSF110-bad-bool.ts": RULE("VSF111", "bad-bool") }), {
      generated: false,
    });
    expect(problems).toEqual([
      "src/lint/rules/VSF110-bad-bool.ts: declares code 'VSF111' and name 'bad-bool'; the file name says VSF110 bad-bool: rename the file or fix the declaration",
    ]);
  });
});

describe("check-parity on the profile reference", () => {
  it("fails when docs/profiles.md is stale, naming the command that regenerates it", async () => {
    // This repository's sources, with a docs/profiles.md that no longer matches them.
    const root = tree({ "docs/profiles.md": readFileSync(`${ROOT}/docs/profiles.md`, "utf8").replace("## listen\n", "## listen (old)\n") });
    for (const dir of ["src", "scripts", "templates", "schemas", "test", "package.json", "README.md", "node_modules"]) symlinkSync(`${ROOT}/${dir}`, join(root, dir));
    symlinkSync(`${ROOT}/docs/rules`, join(root, "docs/rules"));
    expect(await checkParity(root)).toEqual(["docs/profiles.md is stale or missing: run `node scripts/gen-profile-doc.mjs` (npm run build does)"]);
  }, 60_000);
});

describe("check-parity on this repository", () => {
  it("finds every rule with its test and doc page, and the generated files current", async () => {
    const problems = await checkParity(ROOT);
    expect(problems, problems.join("\n")).toEqual([]);
  }, 30_000);
});
