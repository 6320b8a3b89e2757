// Checks that every lint rule comes with its test and its doc page, that the
// doc pages have the shape the docs test reads, and that the generated files
// (the rule index, docs/options.md, the rule table in README.md, the profile
// schema and its validator, the profile reference docs/profiles.md) are current.
// Each message names the file to add or the command to run.
//
//   node scripts/check-parity.mjs     exit 0 when all agree, else 1 and a list
//
// The docs test (test/docs.test.ts) then lints each page's examples.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RULE_FILE = /^(VSF\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.ts$/;
const RULE_TEST = /^(VSF\d{3})-([a-z0-9-]+)\.test\.ts$/;
const DOC_FILE = /^(VSF\d{3})\.md$/;

const list = (dir, re) => (existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort() : []);

/** The `## Incorrect` or `## Correct` section of a doc page, up to the next `## `. */
export function docSection(markdown, title) {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/**
 * Every ```vsftpd block in a piece of markdown: its text, and the build to
 * lint it for when the fence names one (```vsftpd distro=rhel), for rules
 * that only fire on another build.
 */
export function vsftpdBlocks(markdown) {
  return [...markdown.matchAll(/^```vsftpd(?:[ \t]+distro=(upstream|debian|rhel))?[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => ({
    text: m[2],
    distro: m[1] ?? "debian",
  }));
}

/**
 * Rule, test and doc files under `root` that disagree, as messages.
 * `generated: false` skips the generated-file checks (for fixture trees).
 */
export async function checkParity(root, { generated = true } = {}) {
  const problems = [];
  const rulesDir = `${root}/src/lint/rules`;
  const ruleFiles = list(rulesDir, RULE_FILE);
  const tests = new Set(list(`${root}/test/rules`, RULE_TEST));
  const docs = new Set(list(`${root}/docs/rules`, DOC_FILE));
  const codes = new Map();

  for (const file of ruleFiles) {
    const [, code, name] = RULE_FILE.exec(file);
    const base = file.replace(/\.ts$/, "");
    if (codes.has(code)) problems.push(`src/lint/rules/${file}: code ${code} is also used by src/lint/rules/${codes.get(code)}; give one of them a free code`);
    codes.set(code, file);
    const text = readFileSync(`${rulesDir}/${file}`, "utf8");
    const declaredCode = /\bcode:\s*["'](\w+)["']/.exec(text)?.[1];
    const declaredName = /\bname:\s*["']([\w-]+)["']/.exec(text)?.[1];
    if (declaredCode !== code || declaredName !== name) {
      problems.push(`src/lint/rules/${file}: declares code '${declaredCode}' and name '${declaredName}'; the file name says ${code} ${name}: rename the file or fix the declaration`);
    }
    if (!tests.has(`${base}.test.ts`)) {
      problems.push(`src/lint/rules/${file} has no test: add test/rules/${base}.test.ts (valid/invalid tables with ruleTester, see CONTRIBUTING.md)`);
    }
    const doc = `${code}.md`;
    if (!docs.has(doc)) {
      problems.push(`src/lint/rules/${file} has no doc page: add docs/rules/${doc} (title '# ${code} ${name}', then '## Incorrect' and '## Correct' each with a \`\`\`vsftpd block; see docs/rules/VSF101.md)`);
      continue;
    }
    const page = readFileSync(`${root}/docs/rules/${doc}`, "utf8");
    const title = page.split("\n")[0];
    if (title !== `# ${code} ${name}`) problems.push(`docs/rules/${doc}: first line is '${title}'; make it '# ${code} ${name}'`);
    for (const section of ["Incorrect", "Correct"]) {
      const body = docSection(page, section);
      if (body === undefined) problems.push(`docs/rules/${doc}: add a '## ${section}' section with one \`\`\`vsftpd block`);
      else if (vsftpdBlocks(body).length === 0) problems.push(`docs/rules/${doc}: the '## ${section}' section needs a \`\`\`vsftpd block`);
    }
  }

  for (const test of tests) {
    const [, code] = RULE_TEST.exec(test);
    if (!ruleFiles.includes(test.replace(/\.test\.ts$/, ".ts"))) {
      const actual = ruleFiles.find((f) => f.startsWith(`${code}-`));
      problems.push(
        actual
          ? `test/rules/${test} is named after no rule: rename it to test/rules/${actual.replace(/\.ts$/, ".test.ts")}`
          : `test/rules/${test} tests no rule: there is no src/lint/rules/${code}-*.ts; delete the test or add the rule`,
      );
    }
  }
  for (const doc of docs) {
    const code = doc.replace(/\.md$/, "");
    if (!codes.has(code)) problems.push(`docs/rules/${doc} documents no rule: there is no src/lint/rules/${code}-*.ts; delete the page or add the rule`);
  }

  if (generated) problems.push(...(await checkGenerated(root, ruleFiles)));
  return problems;
}

async function checkGenerated(root, ruleFiles) {
  const problems = [];
  const index = existsSync(`${root}/src/lint/rules/index.ts`) ? readFileSync(`${root}/src/lint/rules/index.ts`, "utf8") : "";
  const indexed = [...index.matchAll(/from "\.\/(VSF[^"]+)\.js"/g)].map((m) => `${m[1]}.ts`);
  if (indexed.join() !== ruleFiles.join()) {
    problems.push("src/lint/rules/index.ts does not list exactly the rule files: run `node scripts/gen-rule-index.mjs`");
  }
  try {
    const { renderOptionsDoc, renderRulesTable, OPTIONS_DOC, README, RULES_START, RULES_END } = await import("./gen-options-doc.mjs");
    const doc = existsSync(OPTIONS_DOC) ? readFileSync(OPTIONS_DOC, "utf8") : "";
    if (doc !== (await renderOptionsDoc())) {
      problems.push("docs/options.md is stale or missing: run `node scripts/gen-options-doc.mjs` (npm run build does)");
    }
    const readme = existsSync(README) ? readFileSync(README, "utf8") : "";
    const at = readme.indexOf(RULES_START);
    const end = readme.indexOf(RULES_END);
    if (at < 0 || end < at) problems.push(`README.md has no generated rule table: put '${RULES_START}' and '${RULES_END}' lines where it goes`);
    else if (readme.slice(at + RULES_START.length + 1, end) !== (await renderRulesTable())) {
      problems.push("README.md's rule table is stale: run `node scripts/gen-options-doc.mjs` (npm run build does)");
    }
  } catch (err) {
    problems.push(`could not load the registry or the rules to check the generated docs: ${err.message.split("\n")[0]}`);
  }
  try {
    const { renderProfileSchema, SCHEMA_FILE, VALIDATOR_FILE } = await import("./gen-profile-schema.mjs");
    const want = await renderProfileSchema(root);
    for (const [file, text] of [[SCHEMA_FILE, want.schema], [VALIDATOR_FILE, want.validator]]) {
      const have = existsSync(`${root}/${file}`) ? readFileSync(`${root}/${file}`, "utf8") : "";
      if (have !== text) problems.push(`${file} is stale or missing: run \`node scripts/gen-profile-schema.mjs\` (npm run build does)`);
    }
  } catch (err) {
    problems.push(`could not build the profile schema to check it: ${err.message.split("\n")[0]}`);
  }
  try {
    const { renderProfileDoc, PROFILE_DOC } = await import("./gen-profile-doc.mjs");
    const have = existsSync(`${root}/${PROFILE_DOC}`) ? readFileSync(`${root}/${PROFILE_DOC}`, "utf8") : "";
    if (have !== (await renderProfileDoc(root))) problems.push(`${PROFILE_DOC} is stale or missing: run \`node scripts/gen-profile-doc.mjs\` (npm run build does)`);
  } catch (err) {
    problems.push(`could not build the profile reference to check it: ${err.message.split("\n")[0]}`);
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const problems = await checkParity(root);
  if (problems.length) {
    console.error(`check-parity: ${problems.length} problem(s):`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  console.log("check-parity: every rule has its test and doc page; generated files are current");
}
