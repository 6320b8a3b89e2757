import { describe, expect, it } from "vitest";
import { distroFromOsRelease, DISTRO_PATHS, resolveDistro } from "../../src/host/distro.js";
import { UsageError } from "../../src/core/errors.js";

describe("distro detection from /etc/os-release", () => {
  const cases: [string, string][] = [
    ['PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n', "debian"],
    ['NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n', "debian"],
    ['NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n', "rhel"],
    ['NAME="Fedora Linux"\nID=fedora\n', "rhel"],
    ['NAME="AlmaLinux"\nID="almalinux"\nID_LIKE="rhel centos fedora"\n', "rhel"],
    ['NAME="Alpine Linux"\nID=alpine\n', "upstream"],
    ["", "upstream"],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text.split("\n")[0])} → ${want}`, () => expect(distroFromOsRelease(text)).toBe(want));
  }

  it("auto on this machine reads the real file", () => {
    expect(["debian", "rhel", "upstream"]).toContain(resolveDistro("auto"));
  });

  it("refuses an unknown distro name", () => {
    expect(() => resolveDistro("arch")).toThrow(UsageError);
  });

  it("knows each build's config path and nologin shell", () => {
    expect(DISTRO_PATHS.debian).toEqual({ config: "/etc/vsftpd.conf", nologin: "/usr/sbin/nologin" });
    expect(DISTRO_PATHS.rhel).toEqual({ config: "/etc/vsftpd/vsftpd.conf", nologin: "/sbin/nologin" });
  });
});
