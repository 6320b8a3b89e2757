/**
 * No profile string can smuggle a setting into vsftpd.conf. Every string
 * field of the schema (structured keys, `vsftpd:` string and mode options,
 * list items) is found by walking profileSchema(); for each:
 *  - a value holding "\n", "\r" or NUL, or starting or ending with
 *    whitespace, is refused at that field;
 *  - a safe value that validates renders exactly the expected lines: one per
 *    option the profile maps to, each a registry option of the build, each
 *    read back by the vsftpd-faithful parser as the value the profile set.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProfileError } from "../../src/profile/errors.js";
import { renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import { profileSchema } from "../../src/profile/schema.js";
import { formatValue } from "../../src/profile/render.js";
import { DISTROS, type Distro } from "../../src/vsftpd/option-spec.js";
import { hasOption, optionSpec } from "../../src/vsftpd/registry.js";
import { interpret } from "../../src/vsftpd/interpret.js";
import { scanText } from "../../src/vsftpd/scan.js";

type Node = Record<string, unknown>;
/** A field's place in a profile; "*" stands for "an item of this list". */
type Path = readonly string[];

const SCHEMA = profileSchema();
const DEFS = SCHEMA["$defs"] as Record<string, Node>;

const deref = (n: Node): Node => {
  const ref = n["$ref"];
  return typeof ref === "string" ? DEFS[ref.replace("#/$defs/", "")]! : n;
};

function acceptsStrings(n: Node): boolean {
  return n["type"] === "string" || (Array.isArray(n["enum"]) && n["enum"].some((v) => typeof v === "string")) || typeof n["const"] === "string";
}

/** Every place in the schema where a string can go. */
function stringFields(node: Node = SCHEMA, path: Path = []): Path[] {
  const n = deref(node);
  const out: Path[] = [];
  if (acceptsStrings(n)) out.push(path);
  for (const branch of (n["anyOf"] as Node[] | undefined) ?? []) if (acceptsStrings(deref(branch))) out.push(path);
  for (const [key, child] of Object.entries((n["properties"] as Record<string, Node> | undefined) ?? {})) out.push(...stringFields(child, [...path, key]));
  if (n["items"]) out.push(...stringFields(n["items"] as Node, [...path, "*"]));
  return out.filter((p, i, all) => all.findIndex((q) => q.join(".") === p.join(".")) === i);
}

const FIELDS = stringFields();
/** Only an editor reads `$schema`; it never reaches vsftpd.conf, which the last test proves. */
const NEVER_RENDERED = new Set(["$schema"]);

/** A profile with `value` at `path`, in a context where the field takes effect. */
function profileWith(path: Path, value: unknown): Record<string, unknown> {
  const p: Record<string, unknown> =
    path[0] === "vsftpd"
      ? { local: { enabled: true } }
      : { anonymous: { enabled: true }, local: { enabled: true }, tls: { enabled: true, cert: "/etc/ssl/certs/test.pem" } };
  let o: Record<string, unknown> = p;
  path.forEach((seg, i) => {
    const last = i === path.length - 1;
    if (seg === "*") return;
    const itemOfList = path[i + 1] === "*";
    if (last) {
      o[seg] = value;
    } else if (itemOfList) {
      // A list item needs its required keys.
      const item: Record<string, unknown> = path[0] === "users" ? { name: "bob" } : path[0] === "directories" ? { path: "/srv/x" } : {};
      if (i + 1 === path.length - 1) o[seg] = [value];
      else {
        o[seg] = [item];
        o = item;
      }
    } else {
      o = (o[seg] = { ...((o[seg] as Record<string, unknown> | undefined) ?? {}) }) as Record<string, unknown>;
    }
  });
  return p;
}

const pointerOf = (path: Path) => "/" + path.map((s) => (s === "*" ? "0" : s)).join("/");

function attempt(path: Path, value: string, distro: Distro) {
  // JSON is YAML: the value reaches the loader exactly, escapes and all.
  const text = JSON.stringify(profileWith(path, value), null, 1);
  try {
    return { pipeline: runPipeline("injection.json", { distro, text }) };
  } catch (err) {
    if (err instanceof ProfileError) return { problems: err.problems };
    throw err;
  }
}

const SAFE = /^[^\s\0](?:[^\n\r\0]*[^\s\0])?$/;
const CONTROL = fc.constantFrom("\n", "\r", "\0", "\r\n");
const EDGE_SPACE = fc.constantFrom(" ", "\t", "\v", "\f", "\n", "\r");
const text = fc.string({ unit: "binary-ascii", maxLength: 12 });

/** Values vsftpd.conf cannot hold: a line break or NUL anywhere, or whitespace at either end. */
const unsafe = fc.oneof(
  fc.tuple(text, CONTROL, text).map(([a, c, b]) => a + c + b),
  fc.tuple(EDGE_SPACE, text).map(([w, t]) => w + t),
  fc.tuple(text, EDGE_SPACE).map(([t, w]) => t + w),
  fc.tuple(fc.constantFrom("/srv/ftp", "bob", "127.0.0.1", "allow", "022"), CONTROL, fc.constantFrom("listen=NO", "anonymous_enable=YES", "")).map(([a, c, b]) => a + c + b),
);

/** Safe values that pass each field's own rules (addresses, names, enums, modes); each field tries them all. */
const SAMPLES = ["127.0.0.1", "::1", "bob", "ftp-user_1", "local", "anonymous", "allow", "require", "022", "0755", "HIGH:!aNULL", "a=b=c", "#not a comment", "/srv/ftp/$USER", "/x=y", "PASS_FILE", "x y"];

/** Values it can hold. */
const safe = fc
  .oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 24 }),
    fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 24 }).map((s) => `/${s}`),
    fc.constantFrom(...SAMPLES),
  )
  .filter((s) => SAFE.test(s));

describe("injection through profile strings", () => {
  it("finds the string fields of the schema", () => {
    const names = FIELDS.map((p) => p.join("."));
    for (const expected of ["banner", "listen.address", "anonymous.root", "anonymous.dropbox", "local.root", "local.umask", "tls.cert", "tls.ciphers", "passive.address", "users.*.name", "users.*.password.env", "jail.exceptions.*", "directories.*.mode", "extends.*", "vsftpd.ftpd_banner", "vsftpd.anon_umask"]) {
      expect(names).toContain(expected);
    }
    // Every string and mode option of the registry is reachable through vsftpd:.
    const raw = Object.keys(((SCHEMA["properties"] as Record<string, Node>)["vsftpd"]!["properties"]) as Node);
    const expected = raw.filter((k) => ["string", "mode"].includes(optionSpec(k)!.kind)).map((k) => `vsftpd.${k}`);
    expect(expected.length).toBeGreaterThan(30);
    expect(names.filter((n) => n.startsWith("vsftpd."))).toEqual(expected);
  });

  for (const path of FIELDS.filter((p) => !NEVER_RENDERED.has(p.join(".")))) {
    const name = path.join(".");
    it(`refuses line breaks, NUL and edge whitespace in ${name}`, () => {
      fc.assert(
        fc.property(unsafe, fc.constantFrom(...DISTROS), (value, distro) => {
          const r = attempt(path, value, distro);
          expect(r.problems, `${name}=${JSON.stringify(value)} was accepted`).toBeDefined();
          expect(r.problems!.some((p) => p.pointer === pointerOf(path))).toBe(true);
        }),
        { numRuns: 40 },
      );
    });

    it(`renders exactly the expected lines for safe values of ${name}`, () => {
      let rendered = 0;
      fc.assert(
        fc.property(safe, fc.constantFrom(...DISTROS), (value, distro) => {
          const r = attempt(path, value, distro);
          if (!r.pipeline) return;
          rendered++;
          const p = r.pipeline;
          const conf = renderPipeline(p, "test").text;
          const scan = scanText(conf);
          for (const line of scan.lines) {
            if (line.kind === "comment") expect(line.text.startsWith("#")).toBe(true);
          }
          const names = scan.settings.map((s) => s.name);
          // One line per option the profile maps to, and nothing else.
          expect([...names].sort()).toEqual([...p.options.keys()].sort());
          for (const n of names) {
            const spec = optionSpec(n);
            expect(spec, `${n} is not a registry option`).toBeDefined();
            // A raw vsftpd: option of another build renders (and lint then refuses it at validate time).
            if (!(path[0] === "vsftpd" && path[1] === n)) expect(hasOption(spec!, distro), `${n} on ${distro}`).toBe(true);
          }
          // vsftpd reads back what the profile said.
          const effective = interpret(scan, distro).effective;
          for (const [n, a] of p.options) {
            if (!hasOption(optionSpec(n)!, distro)) continue;
            expect(formatValue(n, effective.get(n)), n).toBe(formatValue(n, a.value));
          }
          // And the field's own value arrives unchanged.
          for (const [n, a] of p.options) {
            if (a.from === pointerOf(path) && !a.derived && typeof a.value === "string" && hasOption(optionSpec(n)!, distro)) expect(effective.get(n), n).toBe(value);
          }
        }),
        { numRuns: 40, examples: DISTROS.flatMap((d) => SAMPLES.map((v): [string, Distro] => [v, d])) },
      );
      // Fields with rules of their own (addresses, user names, modes) reject most random text;
      // SAMPLES make each accept some. Fields that are not rendered (users, directories) count too.
      expect(rendered, `no safe value of ${name} validated`).toBeGreaterThan(0);
    });
  }

  it("never renders $schema, and refuses one that could inject", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 20 }), (value) => {
        const text = JSON.stringify({ $schema: value, extends: ["local"] });
        if (/^\s|\s$|[\n\r\0]/.test(value) || value === "") {
          expect(() => runPipeline("s.json", { distro: "debian", text })).toThrow(ProfileError);
          return;
        }
        const base = runPipeline("s.json", { distro: "debian", text: JSON.stringify({ extends: ["local"] }) });
        expect(renderPipeline(runPipeline("s.json", { distro: "debian", text }), "test").text).toBe(renderPipeline(base, "test").text);
      }),
      { numRuns: 60 },
    );
  });
});
