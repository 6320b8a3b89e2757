/** The rendered file's comments describe what its lines do, whichever profile rendered it. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { renderPipeline, runPipeline } from "../../src/profile/pipeline.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-render-comments-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The TLS section of the config rendered from `extends: [profiles]`. */
function tlsSection(profiles: string): string {
  const file = join(dir, `${profiles.replace(/\W+/g, "-")}.yaml`);
  writeFileSync(file, `extends: [${profiles}]\n`);
  const text = renderPipeline(runPipeline(file, { distro: "debian" }), "test", "/etc/vsftpd.conf").text;
  return /\n# TLS \(explicit FTPS\)\n[\s\S]*?(?=\n\n)/.exec(text)![0];
}

it("without TLS, the section says TLS is off, never that older protocols are switched off above ssl_tlsv1=YES", () => {
  const s = tlsSection("anonymous");
  expect(s).toContain("\n# TLS is off: sessions are plain FTP.");
  expect(s).not.toContain("switched off");
  expect(s).toContain("\nssl_enable=NO\n");
});

it("with TLS, the section says older protocols are off, and they are", () => {
  const s = tlsSection("local, ftps");
  expect(s).toContain("older protocols are switched off here");
  expect(s).toContain("\nssl_enable=YES\n");
  expect(s).toMatch(/\nssl_sslv3=NO\n|\nssl_tlsv1=NO\n/);
  expect(s).not.toContain("ssl_tlsv1=YES");
});
