import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import format from "../../src/lint/format/json.js";
import { lintBytes } from "../../src/lint/linter.js";
import { RULES } from "../../src/lint/rules/index.js";
import { SAMPLE, SAMPLE_RULES } from "./sample.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/lint-result.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

function valid(text: string): unknown {
  const doc = JSON.parse(text);
  expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return doc;
}

const ctx = { color: false, rules: SAMPLE_RULES, distro: "debian" };

describe("json format", () => {
  it("declares a 2020-12 schema with an $id", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(typeof schema.$id).toBe("string");
  });

  it("writes every finding with its fields, fixable, and a summary", () => {
    const doc = valid(format(SAMPLE, ctx)) as any;
    expect(doc.version).toBe(2);
    expect(doc.tool.name).toBe("ftpctl");
    expect(doc.distro).toBe("debian");
    expect(doc.files.map((f: any) => f.file)).toEqual(["conf/a b.conf", "/etc/vsftpd.conf"]);
    expect(doc.files[0].findings[0]).toEqual({
      code: "VSF101",
      rule: "unknown-option",
      severity: "error",
      messageId: "unknown",
      message: "unknown option '\uFEFFlisten'",
      line: 1,
      col: 1,
      source: "\uFEFFlisten=YES\r",
      fixable: false,
    });
    expect(doc.files[0].findings[1]).not.toHaveProperty("source");
    expect(doc.files[0].findings[2].fixable).toBe(true);
    expect(doc.files[1].findings).toEqual([]);
    expect(doc.summary).toEqual({ files: 2, errors: 2, warnings: 1, infos: 1 });
  });

  it("is pretty-printed, ends with a newline, and is the same every time", () => {
    const a = format(SAMPLE, ctx);
    expect(a).toBe(format(SAMPLE, ctx));
    expect(a.startsWith('{\n  "version": 2,\n  "tool": {')).toBe(true);
    expect(a.endsWith("}\n")).toBe(true);
  });

  it("validates for real lint output and for no files at all", () => {
    const options = { distro: "debian", standalone: true } as const;
    const result = lintBytes({ file: "x.conf", bytes: Buffer.from("listen=maybe\nlisten_adress=1.2.3.4\nlocal_umask=22\n"), options });
    expect(result.findings.length).toBeGreaterThan(1);
    valid(format([result], { color: false, rules: RULES, distro: "debian" }));
    const empty = valid(format([], ctx)) as any;
    expect(empty.summary).toEqual({ files: 0, errors: 0, warnings: 0, infos: 0 });
  });

  it("the schema rejects what the format never writes", () => {
    const doc = JSON.parse(format(SAMPLE, ctx));
    doc.files[0].findings[0].line = 0;
    expect(validate(doc)).toBe(false);
    const extra = JSON.parse(format(SAMPLE, ctx));
    extra.files[0].findings[0].extra = 1;
    expect(validate(extra)).toBe(false);
  });

  it("lists files that could not be read, valid against the schema", () => {
    const doc = valid(format(SAMPLE, { ...ctx, unprocessed: [{ file: "missing.conf", error: "no such file" }] })) as any;
    expect(doc.unprocessed).toEqual([{ file: "missing.conf", error: "no such file" }]);
    expect(doc.summary.unprocessed).toBe(1);
  });
});
