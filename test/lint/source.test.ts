import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { checkText, firstInvalidUtf8, MAX_INPUT_BYTES, readConfigFile } from "../../src/lint/source.js";
import { CONF_FILE_MAX } from "../../src/vsftpd/scan.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Uint8Array): string {
  const p = join(dir, `f${n++}.conf`);
  writeFileSync(p, content);
  return p;
}

function refusal(path: string): string {
  try {
    readConfigFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error(`${path} was accepted`);
}

describe("readConfigFile", () => {
  it("reads a text config byte for byte, BOM and CRs included", () => {
    const bytes = Buffer.from("\uFEFFlisten=YES\r\n\tfoo=bar\n");
    expect(Buffer.from(readConfigFile(file(bytes))).equals(bytes)).toBe(true);
    expect(readConfigFile(file("")).length).toBe(0);
  });

  it("refuses a missing file, naming it", () => {
    expect(refusal(join(dir, "nope.conf"))).toBe(`${join(dir, "nope.conf")}: no such file`);
    expect(refusal(join(file("x"), "sub"))).toMatch(/: no such file \(a parent in the path is not a directory\)$/);
  });

  it("refuses a directory", () => {
    const d = join(dir, "adir");
    mkdirSync(d);
    expect(refusal(d)).toBe(`${d}: is a directory, not a config file`);
  });

  it("refuses a binary file and says where the NUL is", () => {
    expect(refusal(file(Buffer.from("listen=YES\nab\0c")))).toMatch(/: binary file \(NUL byte at line 2, column 3\); not a vsftpd config$/);
    expect(refusal("/usr/sbin/vsftpd")).toMatch(/^\/usr\/sbin\/vsftpd: binary file/);
  });

  it("refuses UTF-16 text with the way out", () => {
    expect(refusal(file(Buffer.from("\uFEFFlisten=YES\n", "utf16le")))).toMatch(/: UTF-16 text; .*iconv -f UTF-16/);
  });

  it("refuses non-UTF-8 text and points at the first bad byte", () => {
    const latin1 = Buffer.from("ftpd_banner=Bienvenue \xe0 tous\n", "latin1");
    expect(refusal(file(latin1))).toMatch(/: not UTF-8 text \(byte 0xE0 at line 1, column 23\); .*iconv/);
  });

  it("refuses bad UTF-8 even past the 100000 bytes vsftpd reads, since --fix writes the whole file", () => {
    const bytes = Buffer.concat([Buffer.from("#".repeat(CONF_FILE_MAX + 10) + "\n"), Buffer.from([0xff, 0x0a])]);
    expect(refusal(file(bytes))).toMatch(/byte 0xFF at line 2, column 1/);
  });

  it("accepts a multibyte character cut by the 100000-byte boundary", () => {
    const text = "#" + "x".repeat(CONF_FILE_MAX - 2) + "\u00e9\nlisten=YES\n";
    expect(() => readConfigFile(file(text))).not.toThrow();
  });

  it("refuses a file over 8 MiB without reading it", () => {
    const p = join(dir, "huge.conf");
    const fd = openSync(p, "w");
    ftruncateSync(fd, MAX_INPUT_BYTES + 1);
    closeSync(fd);
    expect(refusal(p)).toBe(
      `${p}: too large for a vsftpd config: 8388609 bytes, over the 8 MiB limit (vsftpd itself reads only the first 100000 bytes)`,
    );
    expect(() => readConfigFile(file(Buffer.alloc(MAX_INPUT_BYTES, 0x23)))).not.toThrow();
  });

  it("refuses a device without reading it (an endless /dev/zero, a tape that rewinds on open)", () => {
    expect(refusal("/dev/zero")).toBe("/dev/zero: is a character device, not a config file");
  });

  it("follows symlinks and reports dangling ones as missing", () => {
    const target = file("listen=YES\n");
    const link = join(dir, "link.conf");
    symlinkSync(target, link);
    expect(Buffer.from(readConfigFile(link)).toString()).toBe("listen=YES\n");
    const dangling = join(dir, "dangling.conf");
    symlinkSync(join(dir, "gone"), dangling);
    expect(refusal(dangling)).toBe(`${dangling}: no such file`);
  });

  // An unreadable file is tested in test/cli/bad-input.test.ts, running the CLI as nobody: root reads everything.
});

describe("checkText", () => {
  it("throws only InputError, naming the file", () => {
    expect(() => checkText("a.conf", Buffer.from([0xc3]))).toThrow(InputError);
    expect(() => checkText("a.conf", Buffer.from([0xc3]))).toThrow(/^a\.conf: not UTF-8 text \(byte 0xC3 at line 1, column 1\)/);
    expect(() => checkText("a.conf", Buffer.from("ok\n"))).not.toThrow();
  });

  it("finds the first invalid UTF-8 byte", () => {
    expect(firstInvalidUtf8(Buffer.from("abc"))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // an encoded surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short at the end
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong
    expect(firstInvalidUtf8(Buffer.from([0xef]))).toBe(0); // the first byte of U+FFFD, alone
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    expect(firstInvalidUtf8(Buffer.from("\uFEFFa\u00e9\u4e2d\u{1F600}\uFFFD"))).toBe(-1);
  });

  it("agrees with the WHATWG decoder, and everything before the offset is valid", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        decoder.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (b) => {
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(valid(b));
        if (at >= 0) expect(valid(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
