/**
 * Root cause first: a line vsftpd cannot parse is one error, from the syntax
 * rule that explains it, not also every finding about the option it meant
 * to set; other rules read the line as it was meant where the repair is
 * known. Whole-linter tests: every rule runs, so each config, which lets local
 * users log in over plain FTP, also gets VSF703's warning: a cause of its own.
 */
import { describe, expect, it } from "vitest";
import { lintBytes } from "../../src/lint/linter.js";
import type { Distro } from "../../src/vsftpd/option-spec.js";

const lint = (conf: string, distro: Distro = "debian") =>
  lintBytes({ file: "t.conf", bytes: Buffer.from(conf), options: { distro, standalone: true } }).findings.map((f) => `${f.line}:${f.code}:${f.severity}`);

describe("root cause first", () => {
  it("listen = YES is one error (spaces around '='), not also 'listen is not set'", () => {
    expect(lint("listen = YES\nanonymous_enable=NO\nlocal_enable=YES\n")).toEqual(["1:VSF103:error", "3:VSF703:warning"]);
  });

  it("a CRLF file is one error, not also 'anonymous_enable is missing'", () => {
    expect(lint("listen=YES\r\nanonymous_enable=NO\r\nlocal_enable=YES\r\n")).toEqual(["1:VSF105:error", "3:VSF703:warning"]);
  });

  it("a spaced anonymous_enable = NO does not make anonymous logins 'missing'", () => {
    expect(lint("listen=YES\nanonymous_enable = NO\nlocal_enable=YES\n")).toEqual(["2:VSF103:error", "3:VSF703:warning"]);
  });

  it("a value no repair explains leaves the option unknown: findings that read it are dropped", () => {
    expect(lint("listen=maybe\nanonymous_enable=NO\nlocal_enable=YES\n")).toEqual(["1:VSF110:error", "3:VSF703:warning"]);
  });

  it("a misspelt name is taken for the option VSF101 suggests", () => {
    expect(lint("listne=YES\nanonymous_enable=NO\nlocal_enable=YES\n")).toEqual(["1:VSF101:error", "3:VSF703:warning"]);
  });

  it("a later line that vsftpd reads decides the option again", () => {
    expect(lint("listen=maybe\nlisten=NO\nanonymous_enable=NO\nlocal_enable=YES\n")).toEqual(["1:VSF110:error", "2:VSF202:error", "4:VSF703:warning"]);
  });

  it("still reports what the repaired line itself causes: a separate cause", () => {
    expect(lint("listen = YES\nlisten_ipv6=YES\nanonymous_enable=NO\nlocal_enable=YES\n")).toEqual(["1:VSF103:error", "2:VSF201:error", "4:VSF703:warning"]);
  });

  it("puts findings on lines vsftpd refuses before the rest", () => {
    expect(lint("local_umask=22\nlisten=maybe\nanonymous_enable=NO\nlocal_enable=YES\n")).toEqual(["2:VSF110:error", "1:VSF601:warning", "4:VSF703:warning"]);
  });
});
