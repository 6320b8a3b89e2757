import { describe, expect, it } from "vitest";
import { lintBytes } from "../../src/lint/linter.js";

const lint = (conf: string) =>
  lintBytes({ file: "t.conf", bytes: Buffer.from(conf), options: { distro: "debian", standalone: true } }).findings.map((f) => `${f.line}:${f.code}`);

describe("suppression comments", () => {
  const base = "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n";

  it("reports without a directive", () => {
    expect(lint(base + "local_umask=22\n")).toContain("4:VSF601");
  });

  it("# ftpctl-disable CODE silences the next setting line only", () => {
    const conf = base + "# ftpctl-disable VSF601\nlocal_umask=22\nanon_umask=22\n";
    const found = lint(conf);
    expect(found).not.toContain("5:VSF601");
    expect(found).toContain("6:VSF601");
  });

  it("skips comments and blank lines between the directive and the setting, and takes a reason", () => {
    const conf = base + "# ftpctl-disable VSF601 -- uploads are private here\n\n# why: legacy\nlocal_umask=22\n";
    expect(lint(conf)).not.toContain("7:VSF601");
  });

  it("takes several codes, separated by commas or spaces", () => {
    const conf = base + "# ftpctl-disable VSF601, VSF604\nlocal_umask=22\nlocal_umask=22\n";
    expect(lint(conf).filter((f) => f.startsWith("5:"))).toEqual([]);
  });

  it("# ftpctl-disable-file CODE silences the whole file", () => {
    const conf = "# ftpctl-disable-file VSF601\n" + base + "local_umask=22\nanon_umask=22\n";
    expect(lint(conf).filter((f) => f.endsWith("VSF601"))).toEqual([]);
  });

  it("ignores an indented directive: vsftpd would read it as a setting, and VSF107 says so", () => {
    const conf = base + "  # ftpctl-disable VSF601\nlocal_umask=22\n";
    const found = lint(conf);
    expect(found).toContain("4:VSF107");
    expect(found).toContain("5:VSF601");
  });

  it("does not silence other codes", () => {
    const conf = base + "# ftpctl-disable VSF604\nlocal_umask=22\n";
    expect(lint(conf)).toContain("5:VSF601");
  });

  it("reports a directive naming no rule, and one that silences nothing (VSF112), with every rule running", () => {
    const conf = base + "# ftpctl-disable VSF60l\nlocal_umask=22\n# ftpctl-disable VSF601\nanon_umask=077\n";
    const found = lint(conf);
    expect(found).toContain("4:VSF112");
    expect(found).toContain("5:VSF601");
    expect(found).toContain("6:VSF112");
  });

  it("does not report a directive that silenced its finding", () => {
    const conf = base + "# ftpctl-disable VSF601\nlocal_umask=22\n# ftpctl-disable-file VSF704\npasv_promiscuous=YES\n";
    expect(lint(conf).filter((f) => f.endsWith("VSF112") || f.endsWith("VSF601") || f.endsWith("VSF704"))).toEqual([]);
  });
});
