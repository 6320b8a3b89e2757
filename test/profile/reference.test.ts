/**
 * docs/profiles.md, the profile reference: every key of the schema with an
 * example that validates, defaults the profile layer really uses, and "sets"
 * lists that match the lines render writes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/profile/load.js";
import { checkRendered, renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import { profileReference, profileReferenceMarkdown, withoutPointer, withValue } from "../../src/profile/reference.js";
import { renderConf } from "../../src/profile/render.js";
import { profileSchema } from "../../src/profile/schema.js";
import { profileToOptions } from "../../src/profile/to-options.js";
import type { Profile } from "../../src/profile/types.js";
import { DISTROS } from "../../src/vsftpd/option-spec.js";
import { REPO } from "./cli.js";

const DOC = readFileSync(`${REPO}docs/profiles.md`, "utf8");
type Node = Record<string, unknown>;

/** Every key of the schema, written as the reference names it; vsftpd's own options are docs/options.md's. */
function schemaKeys(node: Node, prefix = ""): string[] {
  const out: string[] = [];
  for (const [name, child] of Object.entries((node["properties"] ?? {}) as Record<string, Node>)) {
    const key = prefix + name;
    out.push(key);
    if (key === "vsftpd") continue;
    const items = child["items"] as Node | undefined;
    if (items?.["type"] === "object") out.push(...schemaKeys(items, `${key}[].`));
    else if (child["type"] === "object") out.push(...schemaKeys(child, `${key}.`));
  }
  return out;
}

/** The text under a key's heading, up to the next heading. */
function section(key: string): string | undefined {
  const lines = DOC.split("\n");
  const at = lines.findIndex((l) => l === `## ${key}` || l === `### ${key}`);
  if (at < 0) return undefined;
  const end = lines.findIndex((l, i) => i > at && /^#{2,3} /.test(l));
  return lines.slice(at + 1, end < 0 ? undefined : end).join("\n");
}

const yamlBlocks = (text: string) => [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

/** name=value lines of a rendered vsftpd.conf. */
function renderedLines(p: Profile, distro: (typeof DISTROS)[number]): Map<string, string> {
  const text = renderConf(profileToOptions(p, distro), { distro, version: "test", source: "p.yaml" });
  return new Map(text.split("\n").filter((l) => /^[a-z_0-9]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

function linesDiffering(a: Profile, b: Profile): Set<string> {
  const names = new Set<string>();
  for (const d of DISTROS) {
    const x = renderedLines(a, d);
    const y = renderedLines(b, d);
    for (const n of new Set([...x.keys(), ...y.keys()])) if (x.get(n) !== y.get(n)) names.add(n);
  }
  return names;
}

const valueAt = (p: Profile, pointer: string): unknown => pointer.slice(1).split("/").reduce<unknown>((v, s) => (v as Node | undefined)?.[s], p);

describe("docs/profiles.md", () => {
  it("is what scripts/gen-profile-doc.mjs writes from the schema (npm run build regenerates it)", () => {
    expect(DOC).toBe(profileReferenceMarkdown());
  });

  it("has every key of the schema, each with its type, default, what it sets and an example profile", () => {
    const keys = schemaKeys(profileSchema() as Node);
    expect(keys).toContain("users[].password.file");
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) {
      const body = section(key);
      expect(body, `no '## ${key}' section`).toBeDefined();
      for (const field of ["- type: ", "- default: ", "- sets: ", "- example: "]) expect(body, `${key}: ${field}`).toContain(field);
      expect(yamlBlocks(body!), `${key}: a yaml example`).toHaveLength(1);
    }
  });

  it("every example validates on every build: no error, and nothing the profile layer refuses", () => {
    const blocks = yamlBlocks(DOC);
    expect(blocks.length).toBe(schemaKeys(profileSchema() as Node).length);
    for (const text of blocks) {
      for (const distro of DISTROS) {
        const p = runPipeline("example.yaml", { distro, text });
        expect(p.warnings.filter((w) => w.severity === "error"), text).toEqual([]);
        expect(() => checkRendered(p, renderPipeline(p, "test")), `${distro}:\n${text}`).not.toThrow();
      }
    }
  });

  it("each example shows a change: it differs from the key's default", () => {
    for (const d of profileReference()) if (d.default !== undefined) expect(d.example, d.key).not.toEqual(d.default);
  });
});

describe("README", () => {
  const readme = readFileSync(`${REPO}README.md`, "utf8");

  it("links the profile reference and shows how users are declared, in a profile that validates", () => {
    expect(readme).toContain("[docs/profiles.md](docs/profiles.md)");
    const blocks = yamlBlocks(readme);
    const users = blocks.filter((b) => /^users:$/m.test(b));
    expect(users).toHaveLength(1);
    const p = runPipeline("README.yaml", { distro: "debian", text: users[0]! });
    expect([p.warnings, checkRendered(p, renderPipeline(p, "test"))]).toEqual([[], []]);
    expect(p.loaded.profile.users?.map((u) => u.name)).toEqual(["alice", "bob"]);
  });
});

describe("the reference tells the truth", () => {
  const docs = profileReference();

  it("a key set to its documented default renders the same vsftpd.conf as the key left out", () => {
    const checked = docs.filter((d) => d.default !== undefined && d.key !== "extends");
    expect(checked.map((d) => d.key)).toEqual(expect.arrayContaining(["listen.port", "local.umask", "tls.requireForLogin", "tls.anonymous", "tls.ciphers", "passive.enabled", "passive.minPort", "logging.transfers"]));
    for (const d of checked) {
      const full = loadProfile("example.yaml", { text: d.exampleProfile }).profile;
      expect([...linesDiffering(withValue(full, d.pointer, d.default), withoutPointer(full, d.pointer))], d.key).toEqual([]);
    }
  });

  it("'sets' names exactly the vsftpd.conf lines that change when the key is left out or flipped, on any build", () => {
    for (const d of docs) {
      if (d.sets === undefined || d.key === "$schema") continue;
      const isParent = docs.some((c) => c.key.startsWith(`${d.key}.`) || c.key.startsWith(`${d.key}[].`));
      if (isParent) continue;
      const full = loadProfile("example.yaml", { text: d.exampleProfile }).profile;
      const without = withoutPointer(full, d.pointer);
      const changed = linesDiffering(full, without);
      const v = valueAt(full, d.pointer);
      if (typeof v === "boolean") for (const n of linesDiffering(withValue(full, d.pointer, !v), without)) changed.add(n);
      expect([...changed].sort(), d.key).toEqual(d.sets);
    }
  });

  it("a parent key sets what its keys set", () => {
    const tls = docs.find((d) => d.key === "tls")!;
    expect(tls.sets).toEqual(expect.arrayContaining(["ssl_enable", "rsa_cert_file", "force_local_logins_ssl", "allow_anon_ssl"]));
  });
});
