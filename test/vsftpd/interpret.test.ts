import { describe, expect, it } from "vitest";
import type { Distro } from "../../src/vsftpd/option-spec.js";
import { interpret } from "../../src/vsftpd/interpret.js";
import { scanText } from "../../src/vsftpd/scan.js";

const first = (line: string, distro: Distro = "debian") => interpret(scanText(line + "\n"), distro).items[0]!;

describe("interpret: vsftpd's refusals, word for word", () => {
  it.each<[string, string, string]>([
    ["Listen=YES", "unrecognised", "unrecognised variable in config file: Listen"],
    ["listen = YES", "unrecognised", "unrecognised variable in config file: listen "],
    ["listen\t=YES", "unrecognised", "unrecognised variable in config file: listen\t"],
    ["  # a=b", "unrecognised", "unrecognised variable in config file: # a"],
    ["=YES", "unrecognised", "unrecognised variable in config file: "],
    ["bogus=1", "unrecognised", "unrecognised variable in config file: bogus"],
    ["\uFEFFlisten=YES", "unrecognised", "unrecognised variable in config file: \uFEFFlisten"],
    ["  # text", "missing-value", "missing value in config file for: # text"],
    ["\uFEFF# comment", "missing-value", "missing value in config file for: \uFEFF# comment"],
    ["listen", "missing-value", "missing value in config file for: listen"],
    ["listen=", "missing-value", "missing value in config file for: listen"],
    ["max_clients=", "missing-value", "missing value in config file for: max_clients"],
    // The empty-value check comes before the unknown-name check.
    ["bogus", "missing-value", "missing value in config file for: bogus"],
    ["bogus=", "missing-value", "missing value in config file for: bogus"],
    ["  =", "missing-value", "missing value in config file for: "],
    ["listen=on", "bad-bool", "bad bool value in config file for: listen"],
    ["listen=YES ", "bad-bool", "bad bool value in config file for: listen"],
    ["listen= YES", "bad-bool", "bad bool value in config file for: listen"],
    ["listen=YES\r", "bad-bool", "bad bool value in config file for: listen"],
    ["listen=\r", "bad-bool", "bad bool value in config file for: listen"],
    ["listen=YES # c", "bad-bool", "bad bool value in config file for: listen"],
  ])("%j: %s (%s)", (line, refusal, message) => {
    const it = first(line);
    expect(it.refusal).toBe(refusal);
    expect(it.message).toBe(message);
    expect(it.spec).toBeUndefined();
  });

  it("takes the first refusal as the one vsftpd prints", () => {
    const conf = interpret(scanText("listen=YES\nbogus=1\nlisten=on\n"), "debian");
    expect(conf.firstRefusal?.message).toBe("unrecognised variable in config file: bogus");
  });
});

describe("interpret: accepted values", () => {
  it.each<[string, unknown]>([
    ["listen=YES", true],
    ["listen=no", false],
    ["listen=True", true],
    ["listen=0", false],
    ["  listen=YES", true],
    ["listen_port=47212abc", 47212],
    ["listen_port= 21", 21],
    ["listen_port=21\r", 21],
    ["max_clients=lots", 0],
    ["max_clients=-1", 4294967295],
    ["local_umask=022", 18],
    ["local_umask=22", 22],
    ["listen_port=0134567", 47479],
    ["listen_port=0x1234", 0],
    ["listen_port=08", 0],
    ["ftpd_banner=a=b=c", "a=b=c"],
    ["ftpd_banner=Hi # there", "Hi # there"],
    // A string option with no value, or an empty one, is unset rather than refused.
    ["ftpd_banner", null],
    ["ftpd_banner=", null],
  ])("%j reads as %j", (line, value) => {
    const it = first(line);
    expect(it.refusal).toBeUndefined();
    expect(it.value).toEqual(value);
  });

  it("lets the last assignment win and falls back to the build default", () => {
    const conf = interpret(scanText("listen=YES\nmax_clients=5\nlisten=NO\n"), "debian");
    expect(conf.effective.get("listen")).toBe(false);
    expect(conf.effective.source("listen")?.setting.line).toBe(3);
    expect(conf.effective.get("max_clients")).toBe(5);
    expect(conf.effective.isSet("anonymous_enable")).toBe(false);
    expect(conf.effective.get("anonymous_enable")).toBe(true);
  });

  it("lets an empty string value unset a default", () => {
    const conf = interpret(scanText("secure_chroot_dir=\n"), "debian");
    expect(conf.effective.isSet("secure_chroot_dir")).toBe(true);
    expect(conf.effective.get("secure_chroot_dir")).toBeNull();
  });
});

describe("interpret: string values per build", () => {
  it.each<[Distro, string, string | null]>([
    ["upstream", "ftpd_banner= Hi ", " Hi "],
    ["upstream", "ftpd_banner=Hi\r", "Hi\r"],
    ["upstream", "ftpd_banner= ", " "],
    // Debian's patch trims C whitespace at both ends (the binary greets with "220 Hi").
    ["debian", "ftpd_banner= Hi ", "Hi"],
    ["debian", "ftpd_banner=\v\fHi\f\v", "Hi"],
    ["debian", "ftpd_banner=Hi\t\r", "Hi"],
    ["debian", "ftpd_banner=  Hi there  ", "Hi there"],
    ["rhel", "ftpd_banner= Hi ", "Hi"],
    ["rhel", "ftpd_banner=Hi\r", "Hi"],
    // Fedora's str_strdup_trimmed returns NULL when nothing is left.
    ["rhel", "ftpd_banner= ", null],
    ["rhel", "ftpd_banner=\r", null],
  ])("%s: %j reads as %j", (distro, line, value) => {
    const it = first(line, distro);
    expect(it.refusal).toBeUndefined();
    expect(it.value).toBe(value);
  });

  it.each(["ftpd_banner= ", "ftpd_banner=\r", "banner_file=\t", "nopriv_user=\v", "anon_root=  \r"])(
    "debian: %j crashes vsftpd",
    (line) => {
      const it = first(line, "debian");
      expect(it.refusal).toBe("crash");
      expect(it.spec).toBeUndefined();
    },
  );

  it("does not trim names or bool values on any build", () => {
    for (const d of ["upstream", "debian", "rhel"] as const) {
      expect(first("ftpd_banner =Hi", d).refusal).toBe("unrecognised");
      expect(first("listen=YES ", d).refusal).toBe("bad-bool");
    }
  });
});

describe("interpret: options per build", () => {
  it("refuses an option of another build as unknown", () => {
    expect(first("ssl_tlsv1_2=YES", "debian").refusal).toBe("unrecognised");
    expect(first("ssl_tlsv1_2=YES", "rhel").value).toBe(true);
    expect(first("utf8_filesystem=YES", "upstream").refusal).toBe("unrecognised");
    expect(first("utf8_filesystem=YES", "debian").value).toBe(true);
  });

  it("refuses a string option of another build without a value as missing", () => {
    expect(first("dh_param_file", "debian").refusal).toBe("missing-value");
    expect(first("dh_param_file", "rhel").value).toBeNull();
  });
});
