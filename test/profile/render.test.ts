import { describe, expect, it } from "vitest";
import { renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import type { Distro } from "../../src/vsftpd/option-spec.js";

export const COMBOS: readonly (readonly string[])[] = [
  ["anonymous"],
  ["local"],
  ["local", "jailed"],
  ["local", "jailed", "ftps"],
  ["anonymous", "ftps"],
  ["dropbox"],
  ["anonymous", "local"],
];

function render(profiles: readonly string[], distro: Distro, extra = "") {
  const p = runPipeline("ftpctl.yaml", { distro, text: `extends: [${profiles.join(", ")}]\n${extra}` });
  return renderPipeline(p, "test");
}

describe("rendering built-in profiles", () => {
  for (const distro of ["debian", "rhel", "upstream"] as const) {
    for (const combo of COMBOS) {
      // Local logins without ftps are plain FTP: the one warning, which the file keeps saying (VSF703).
      const plain = combo.some((c) => c === "local" || c === "jailed") && !combo.includes("ftps");
      it(`${combo.join("+")} for ${distro} lints with zero errors and ${plain ? "only VSF703's warning (local users over plain FTP)" : "zero warnings"}`, () => {
        const r = render(combo, distro);
        const serious = r.findings.filter((f) => f.severity !== "info").map((f) => `${f.line}: ${f.message} [${f.code}]`);
        expect(serious, r.text).toEqual(plain ? [expect.stringMatching(/: local users log in with their system passwords over plain FTP .*\[VSF703\]$/)] : []);
      });
    }
  }

  it("is deterministic", () => {
    expect(render(["local", "jailed", "ftps"], "debian").text).toBe(render(["local", "jailed", "ftps"], "debian").text);
  });

  it("keeps comments on their own lines at column 0", () => {
    for (const line of render(["anonymous"], "debian").text.split("\n")) {
      if (line.includes("#")) expect(line.startsWith("#")).toBe(true);
    }
  });
});

describe("TLS session reuse", () => {
  // test/live/profiles.test.ts shows curl failing intermittently against require_ssl_reuse=YES.
  it("is off in the ftps profile and by default, on when tls.reuse asks for it", () => {
    expect(render(["local", "ftps"], "debian").text).toContain("\nrequire_ssl_reuse=NO\n");
    expect(render(["local"], "debian", "tls:\n  enabled: true\n  cert: /etc/ssl/certs/x.pem\n").text).toContain("\nrequire_ssl_reuse=NO\n");
    expect(render(["local", "ftps"], "debian", "tls:\n  reuse: true\n").text).toContain("\nrequire_ssl_reuse=YES\n");
  });
});
