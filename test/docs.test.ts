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
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { lintBytes } from "../src/lint/linter.js";
import type { Rule } from "../src/lint/rule.js";
import type { Distro } from "../src/vsftpd/option-spec.js";
import { RULES } from "../src/lint/rules/index.js";
import { DEBIAN_PAM_VSFTPD, debianHost, dir as fakeDir, file as fakeFile } from "./helpers/fake-facts.js";

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

/** A real certificate and key, made by OpenSSL, for the certificate pages. */
const pki = (() => {
  const dir = mkdtempSync(join(tmpdir(), "ftpctl-docs-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/k.pem`, "-out", `${dir}/c.pem`, "-days", "3650", "-subj", "/CN=ftp.example.org", "-addext", "subjectAltName=DNS:ftp.example.org"], { stdio: "ignore" });
  const out = { cert: readFileSync(`${dir}/c.pem`, "utf8"), key: readFileSync(`${dir}/k.pem`, "utf8") };
  rmSync(dir, { recursive: true, force: true });
  return out;
})();

type Machine = Parameters<typeof debianHost>[0];

/**
 * Host rules need a machine. Their examples run against a stock Debian 12
 * with vsftpd installed (test/helpers/fake-facts.ts), changed as each page's
 * prose says: `incorrect` is the machine on which the Incorrect example
 * fails, `correct` the one on which the Correct example passes.
 */
const HOSTS: Readonly<Record<string, { incorrect?: Machine; correct?: Machine }>> = {
  VSF801: { incorrect: { files: { "/etc/vsftpd.conf": fakeFile("", { uid: 1000 }) } } },
  VSF802: { correct: { files: { "/etc/ssl/certs/vsftpd.pem": pki.cert, "/etc/ssl/private/vsftpd.key": fakeFile(pki.key, { mode: 0o600 }) } } },
  VSF803: {
    incorrect: { files: { "/etc/ssl/certs/vsftpd.pem": pki.cert } },
    correct: { files: { "/etc/ssl/certs/vsftpd.pem": pki.cert, "/etc/ssl/private/vsftpd.key": fakeFile(pki.key, { mode: 0o600 }) } },
  },
  VSF806: {
    incorrect: { files: { "/home/alice": fakeDir({ uid: 1000, gid: 1000, mode: 0o755 }) } },
    correct: { files: { "/srv/ftp/jail": fakeDir({ mode: 0o555 }) } },
  },
  VSF807: {
    incorrect: { users: [{ name: "web", uid: 1001, home: "/srv/web", shell: "/usr/sbin/nologin" }], files: { "/srv/web": fakeDir({ mode: 0o555 }) } },
    correct: {
      users: [{ name: "web", uid: 1001, home: "/srv/web", shell: "/usr/sbin/nologin" }],
      files: { "/srv/web": fakeDir({ mode: 0o555 }), "/etc/pam.d/vsftpd-virtual": DEBIAN_PAM_VSFTPD.replace(/^auth\trequired\tpam_shells\.so\n/m, "") },
    },
  },
  VSF809: {
    incorrect: { files: { "/etc/vsftpd/users/alice": "local_root = /srv/alice\n", "/srv/alice": fakeDir({ mode: 0o555 }) } },
    correct: { files: { "/etc/vsftpd/users/alice": "local_root=/srv/alice\n", "/srv/alice": fakeDir({ mode: 0o555 }) } },
  },
};

function lintWith(rule: Rule, page: string, { text, distro }: { text: string; distro: Distro }, which: "incorrect" | "correct") {
  const file = "/etc/vsftpd.conf";
  const machine = HOSTS[rule.code]?.[which] ?? {};
  // The certificates above are made today: the machine lives today too.
  const host = rule.host ? debianHost({ now: new Date(), ...machine, files: { [file]: text, ...machine.files } }) : undefined;
  return lintBytes({
    file: rule.host ? file : `docs/rules/${page}`,
    bytes: Buffer.from(text, "utf8"),
    options: { distro, standalone: true },
    rules: [rule],
    ...(host ? { host } : {}),
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

  it("the incorrect example raises the rule", () => {
    const reason = CANNOT_SHOW[code];
    for (const block of blocks("Incorrect")) {
      const raised = lintWith(rule!, page, block, "incorrect").length > 0;
      if (reason === undefined) expect(raised, `${code} (${block.distro}) on:\n${block.text}`).toBe(true);
      else expect(raised, `${code} is in CANNOT_SHOW (${reason}) but its example raises it: take it off the list`).toBe(false);
    }
  });

  it("the correct example does not raise the rule", () => {
    for (const block of blocks("Correct")) {
      const found = lintWith(rule!, page, block, "correct");
      expect(found.map((f) => `${f.line}:${f.col} ${f.message}`), `${code} (${block.distro}) on:\n${block.text}`).toEqual([]);
    }
  });
});
