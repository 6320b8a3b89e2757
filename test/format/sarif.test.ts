import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AjvDraft04Module from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { docsBase, hostedDocsBase } from "../../src/lint/format/help-uri.js";
import format, { relativeUri } from "../../src/lint/format/sarif.js";
import { applyFixes } from "../../src/lint/apply-fixes.js";
import { lintBytes } from "../../src/lint/linter.js";
import { RULES } from "../../src/lint/rules/index.js";
import { ftpctl, REPO } from "../cli/ftpctl.js";
import { SAMPLE, SAMPLE_RULES } from "./sample.js";

// CommonJS whose module.exports is the class itself, while its types describe an ES default export.
const AjvDraft04 = AjvDraft04Module as unknown as typeof AjvDraft04Module.default;

const schema = JSON.parse(
  readFileSync(new URL("../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8"),
);
// The official schema has one pattern that is not valid in Unicode mode.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
/** RFC 3986 characters only: anything else (a space, a raw "%" not starting an escape) needs percent-encoding. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
ajv.addFormat("uri", (s: string) => URI_CHARS.test(s) && URL.canParse(s));
ajv.addFormat("uri-reference", (s: string) => URI_CHARS.test(s) && URL.canParse(s, "file:///base/"));
ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(schema);

function valid(text: string): any {
  const doc = JSON.parse(text);
  expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return doc;
}

const ctx = { color: false, rules: SAMPLE_RULES, distro: "debian" };

describe("sarif format", () => {
  it("is valid SARIF 2.1.0 for several findings", () => {
    const doc = valid(format(SAMPLE, ctx));
    expect(doc.version).toBe("2.1.0");
    expect(doc.$schema).toMatch(/^https:\/\//);
    expect(doc.runs).toHaveLength(1);
  });

  it("describes every rule, with its docs page as helpUri and as a property", () => {
    const { driver } = valid(format(SAMPLE, ctx)).runs[0].tool;
    expect(driver.name).toBe("ftpctl");
    expect(driver.rules.map((r: any) => r.id)).toEqual(["VSF101", "VSF601", "VSF901"]);
    expect(driver.rules.map((r: any) => r.defaultConfiguration.level)).toEqual(["error", "warning", "note"]);
    for (const r of driver.rules) {
      expect(r.helpUri).toMatch(new RegExp(`^(https|file)://.*/docs/rules/${r.id}\\.md$`));
      expect(r.properties.docs).toBe(`docs/rules/${r.id}.md`);
      expect(r.shortDescription.text).not.toBe("");
      expect(r.fullDescription.text).not.toBe("");
    }
  });

  it("gives each result its rule index, level, message and relative location", () => {
    const run = valid(format(SAMPLE, ctx)).runs[0];
    expect(run.results).toHaveLength(4);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(run.results.map((r: any) => r.level)).toEqual(["error", "note", "error", "warning"]);
    const loc = run.results[3].locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: "conf/a%20b.conf", uriBaseId: "%SRCROOT%", index: 0 });
    expect(loc.region).toMatchObject({ startLine: 3, startColumn: 13 });
    expect(run.results[1].message.text).toBe("about: something, 100% sure\nsecond line");
    expect(run.artifacts.map((a: any) => a.location.uri)).toEqual(["conf/a%20b.conf", relativeUri("/etc/vsftpd.conf")]);
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toMatch(/^file:\/\/\/.*\/$/);
  });

  it("is valid for real lint output against the real rule list", () => {
    const options = { distro: "debian", standalone: true } as const;
    const result = lintBytes({ file: "x.conf", bytes: Buffer.from("listen=maybe\r\nlisten_adress=1.2.3.4\nlocal_umask=22\n"), options });
    const run = valid(format([result], { color: false, rules: RULES, distro: "debian" })).runs[0];
    expect(run.results).toHaveLength(result.findings.length);
    expect(run.tool.driver.rules).toHaveLength(RULES.length);
  });

  it("is valid with no files and with files but no findings", () => {
    expect(valid(format([], ctx)).runs[0].results).toEqual([]);
    const clean = valid(format([{ file: "ok.conf", text: "", findings: [] }], ctx)).runs[0];
    expect(clean.results).toEqual([]);
    expect(clean.artifacts).toHaveLength(1);
  });

  it("checks URI formats, so an unencoded path would fail", () => {
    const doc = JSON.parse(format(SAMPLE, ctx));
    doc.runs[0].artifacts[0].location.uri = "conf/a b.conf";
    expect(validate(doc)).toBe(false);
  });

  it("makes relative URIs from any path", () => {
    expect(relativeUri("a/b c%.conf", "/w")).toBe("a/b%20c%25.conf");
    expect(relativeUri("/w/x/y.conf", "/w")).toBe("x/y.conf");
    expect(relativeUri("/etc/vsftpd.conf", "/w/r")).toBe("../../etc/vsftpd.conf");
    expect(relativeUri("/w/x#1.conf", "/w")).toBe("x%231.conf");
  });

  it("reports files that could not be read as an unsuccessful invocation, valid against the schema", () => {
    const doc = valid(format(SAMPLE, { ...ctx, unprocessed: [{ file: "missing.conf", error: "no such file" }] }));
    const inv = doc.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications[0]).toMatchObject({ level: "error", message: { text: "missing.conf: no such file" } });
    expect(valid(format(SAMPLE, ctx)).runs[0].invocations).toBeUndefined();
  });
});

/** Applies a result's SARIF fix to the text, as a SARIF viewer would: replacements right to left by charOffset. */
function applySarifFix(text: string, fix: any): string {
  const reps = [...fix.artifactChanges[0].replacements].sort((a: any, b: any) => b.deletedRegion.charOffset - a.deletedRegion.charOffset);
  let out = text;
  for (const r of reps) {
    const { charOffset, charLength } = r.deletedRegion;
    out = out.slice(0, charOffset) + (r.insertedContent?.text ?? "") + out.slice(charOffset + charLength);
  }
  return out;
}

describe("sarif helpUri and fixes", () => {
  const options = { distro: "debian", standalone: true } as const;
  const text = "\uFEFFlisten=YES\r\nLISTEN_PORT=2121\nlocal_umask = 022 \n\tanonymous_enable=NO\nftpd_banner=hi # there\n";

  it("points every real rule's helpUri at its page, installed with the package", () => {
    const rules = valid(format([], { color: false, rules: RULES, distro: "debian" })).runs[0].tool.driver.rules;
    expect(rules).toHaveLength(RULES.length);
    for (const r of rules) {
      expect(r.helpUri.startsWith("file://"), r.helpUri).toBe(true);
      expect(existsSync(fileURLToPath(r.helpUri)), r.helpUri).toBe(true);
    }
  });

  it("uses the tagged release's page when package.json names a GitHub or GitLab repository", () => {
    const gh = "https://github.com/example/ftpctl/blob/v1.2.3/docs/rules/";
    expect(hostedDocsBase({ version: "1.2.3", repository: "github:example/ftpctl" })).toBe(gh);
    expect(hostedDocsBase({ version: "1.2.3", repository: "example/ftpctl" })).toBe(gh);
    expect(hostedDocsBase({ version: "1.2.3", repository: { url: "git+https://github.com/example/ftpctl.git" } })).toBe(gh);
    expect(hostedDocsBase({ version: "1.2.3", repository: { url: "git+ssh://git@github.com/example/ftpctl.git", directory: "packages/cli" } })).toBe(
      "https://github.com/example/ftpctl/blob/v1.2.3/packages/cli/docs/rules/",
    );
    expect(hostedDocsBase({ version: "1.2.3", repository: { url: "https://gitlab.com/example/ftpctl" } })).toBe("https://gitlab.com/example/ftpctl/-/blob/v1.2.3/docs/rules/");
    expect(hostedDocsBase({ version: "1.2.3", repository: { url: "https://git.example.org/ftpctl.git" } })).toBeUndefined();
    expect(hostedDocsBase({ repository: "github:example/ftpctl" })).toBeUndefined();
    expect(docsBase(REPO)).toMatch(/^file:\/\/\/.*\/docs\/rules\/$/);
  });

  it("carries each --fix repair as a SARIF fix that, applied, gives what --fix writes", () => {
    const result = lintBytes({ file: "x.conf", bytes: Buffer.from(text, "utf8"), options });
    const fixable = result.findings.filter((f) => f.fix?.length);
    expect(fixable.length).toBeGreaterThanOrEqual(3);
    const run = valid(format([result], { color: false, rules: RULES, distro: "debian" })).runs[0];
    run.results.forEach((r: any, i: number) => {
      const f = result.findings[i]!;
      if (!f.fix?.length) return expect(r.fixes).toBeUndefined();
      expect(r.fixes).toHaveLength(1);
      expect(r.fixes[0].artifactChanges[0].artifactLocation).toEqual(r.locations[0].physicalLocation.artifactLocation);
      expect(applySarifFix(text, r.fixes[0])).toBe(applyFixes(text, [f]));
    });
  });

  it("validates from the real CLI, with helpUri and fixes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ftpctl-sarif-"));
    try {
      writeFileSync(join(dir, "vsftpd.conf"), text);
      const r = await ftpctl(["lint", "--format", "sarif", "vsftpd.conf"], { cwd: dir });
      expect(r.exitCode, r.stderr).toBe(1);
      const run = valid(r.stdout).runs[0];
      expect(run.tool.driver.rules.every((x: any) => existsSync(fileURLToPath(x.helpUri)))).toBe(true);
      expect(run.results.some((x: any) => x.fixes?.length === 1)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
