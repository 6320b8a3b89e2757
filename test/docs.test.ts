/**
 * The examples in docs/rules/<CODE>.md are tests: linted with that page's
 * rule alone (Debian's build, standalone, no host checks), the `## Incorrect`
 * block must raise the rule and the `## Correct` block must not. A rule that
 * fires only on another build names it on the fence (```vsftpd distro=rhel)
 * and its blocks are linted for that build. Host rules
 * (`host: true`) only run with a host, so their incorrect examples cannot
 * show the finding here; their correct examples are still linted. The few
 * other pages whose incorrect example cannot show the finding as written are
 * listed in CANNOT_SHOW, each with the reason.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { lintBytes } from "../src/lint/linter.js";
import type { Rule } from "../src/lint/rule.js";
import type { Distro } from "../src/vsftpd/option-spec.js";
import { RULES } from "../src/lint/rules/index.js";

interface DocParsing {
  docSection(markdown: string, title: string): string | undefined;
  vsftpdBlocks(markdown: string): { text: string; distro: Distro }[];
}

// The same reading of a page as scripts/check-parity.mjs, which checks its shape.
const PARITY = pathToFileURL(fileURLToPath(new URL("../scripts/check-parity.mjs", import.meta.url))).href;
const { docSection, vsftpdBlocks } = (await import(PARITY)) as DocParsing;

const DOCS = fileURLToPath(new URL("../docs/rules/", import.meta.url));
const pages = readdirSync(DOCS)
  .filter((f) => /^VSF\d{3}\.md$/.test(f))
  .sort();

/** Incorrect examples that cannot raise their rule when linted as written, and why. */
const CANNOT_SHOW: Readonly<Record<string, string>> = {
  VSF111: "the finding needs more than 100000 bytes before it; the page shows the shape, not the bytes",
  VSF216: "fires only on builds without libwrap (RHEL, upstream); until the page's fences say ```vsftpd distro=rhel",
};

function lintWith(rule: Rule, page: string, { text, distro }: { text: string; distro: Distro }) {
  return lintBytes({
    file: `docs/rules/${page}`,
    bytes: Buffer.from(text, "utf8"),
    options: { distro, standalone: true },
    rules: [rule],
  }).findings.filter((f) => f.code === rule.code);
}

describe.each(pages)("docs/rules/%s", (page) => {
  const code = page.replace(/\.md$/, "");
  const rule = RULES.find((r) => r.code === code);
  const markdown = readFileSync(DOCS + page, "utf8");
  const blocks = (title: string) => vsftpdBlocks(docSection(markdown, title) ?? "");

  it("documents a rule and has both examples", () => {
    expect(rule, `no rule has code ${code}; see scripts/check-parity.mjs`).toBeDefined();
    expect(blocks("Incorrect").length, "a ```vsftpd block under '## Incorrect'").toBeGreaterThan(0);
    expect(blocks("Correct").length, "a ```vsftpd block under '## Correct'").toBeGreaterThan(0);
  });

  it.skipIf(!rule || rule.host)("the incorrect example raises the rule", () => {
    const reason = CANNOT_SHOW[code];
    for (const block of blocks("Incorrect")) {
      const raised = lintWith(rule!, page, block).length > 0;
      if (reason === undefined) expect(raised, `${code} (${block.distro}) on:\n${block.text}`).toBe(true);
      else expect(raised, `${code} is in CANNOT_SHOW (${reason}) but its example raises it: take it off the list`).toBe(false);
    }
  });

  it.skipIf(!rule)("the correct example does not raise the rule", () => {
    for (const block of blocks("Correct")) {
      const found = lintWith(rule!, page, block);
      expect(found.map((f) => `${f.line}:${f.col} ${f.message}`), `${code} (${block.distro}) on:\n${block.text}`).toEqual([]);
    }
  });
});
