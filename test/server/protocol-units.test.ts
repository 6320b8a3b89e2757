import { describe, expect, it } from "vitest";
import { LineReader, MAX_COMMAND_LINE, parseCommand } from "../../src/server/line-reader.js";
import { filterMatches, listDate, listLine, permissions } from "../../src/server/list-format.js";
import { passiveRange } from "../../src/server/options.js";
import { formatReply, multiline, reply } from "../../src/server/replies.js";
import { filenamePassesFilter, matchesAccessPattern } from "../../src/server/name-filter.js";
import { xferlogLine } from "../../src/server/events.js";

describe("control line reader", () => {
  it("splits lines across chunks and strips CR", () => {
    const r = new LineReader();
    expect(r.push(Buffer.from("US"))).toEqual([]);
    expect(r.push(Buffer.from("ER ftp\r\nPASS x\r\nPW"))).toEqual([{ line: "USER ftp" }, { line: "PASS x" }]);
    expect(r.push(Buffer.from("D\n"))).toEqual([{ line: "PWD" }]);
  });
  it("refuses a line longer than vsftpd's 4096 bytes, even without a newline yet", () => {
    const r = new LineReader();
    expect(r.push(Buffer.alloc(MAX_COMMAND_LINE + 1, 0x41))).toEqual([{ tooLong: true }]);
  });
  it("stops after a line it is told to, handing back the bytes after it unsplit (AUTH TLS)", () => {
    const r = new LineReader();
    const auth = (line: string) => line.startsWith("AUTH");
    const got = r.pushUntil(Buffer.from("FEAT\r\nAUTH TLS\r\nPWD\r\n\x16\x03\x01"), auth);
    expect(got.events).toEqual([{ line: "FEAT" }, { line: "AUTH TLS" }]);
    expect(got.rest).toEqual(Buffer.from("PWD\r\n\x16\x03\x01"));
    expect(r.pushUntil(Buffer.from("NOOP\r\n"), auth)).toEqual({ events: [{ line: "NOOP" }] });
  });
  it("accepts a line of exactly the cap", () => {
    const r = new LineReader();
    const line = "A".repeat(MAX_COMMAND_LINE - 1);
    expect(r.push(Buffer.from(`${line}\n`))).toEqual([{ line }]);
  });
  it.each([
    ["retr a b", "RETR", "a b"],
    ["PWD", "PWD", ""],
    ["cwd ", "CWD", ""],
    ["\u017ftor x", "\u017fTOR", "x"],
  ])("parses %j", (line, word, arg) => expect(parseCommand(line)).toEqual({ word, arg }));
});

describe("ls -l lines like vsftpd's", () => {
  const now = Date.UTC(2026, 2, 10, 12, 0, 0);
  it.each([
    [0o40755, "drwxr-xr-x"],
    [0o100644, "-rw-r--r--"],
    [0o120777, "lrwxrwxrwx"],
    [0o104755, "-rwsr-xr-x"],
    [0o41777, "drwxrwxrwt"],
    [0o102644, "-rw-r-Sr--"],
  ])("mode %o is %s", (mode, text) => expect(permissions(mode)).toBe(text));
  it("recent files show the time, old and future ones the year", () => {
    expect(listDate(Date.UTC(2026, 2, 1, 9, 5), { localtime: false, nowMs: now })).toBe("Mar 01 09:05");
    expect(listDate(Date.UTC(2025, 0, 2), { localtime: false, nowMs: now })).toBe("Jan 02  2025");
    expect(listDate(Date.UTC(2027, 0, 2), { localtime: false, nowMs: now })).toBe("Jan 02  2027");
  });
  it("lays out a line, and hide_ids shows ftp ftp", () => {
    const e = { name: "pub", mode: 0o40755, nlink: 2, uid: 0, gid: 0, size: 4096, mtimeMs: Date.UTC(2026, 2, 1, 9, 5) };
    expect(listLine(e, { hideIds: false, localtime: false, nowMs: now })).toBe("drwxr-xr-x    2 0        0            4096 Mar 01 09:05 pub\r\n");
    expect(listLine(e, { hideIds: true, localtime: false, nowMs: now })).toBe("drwxr-xr-x    2 ftp      ftp          4096 Mar 01 09:05 pub\r\n");
    expect(listLine({ ...e, mode: 0o120777, target: "/etc" }, { hideIds: true, localtime: false, nowMs: now })).toMatch(/ pub -> \/etc\r\n$/);
  });
  it.each([
    ["*.txt", "a.txt", true],
    ["*.txt", "a.txt.gz", false],
    ["a?c", "abc", true],
    ["a.c", "abc", false],
  ])("filter %s on %s", (f, n, m) => expect(filterMatches(n, f)).toBe(m));
});

describe("vsftpd's corrections of the passive range", () => {
  it.each([
    [0, 0, 1024, 65535],
    [5001, 0, 5001, 65535],
    [40000, 40010, 40000, 40010],
    [1024, 2000, 1024, 2000],
    [40000, 30000, 40000, 65535],
    [70000, 0, 1024, 65535],
  ])("min %d max %d -> %d..%d", (min, max, lo, hi) => expect(passiveRange(min, max)).toEqual({ min: lo, max: hi }));
});

describe("reply format", () => {
  it("one line, multi-line with a body, multi-line banner", () => {
    expect(formatReply(reply(230, "Login successful."))).toBe("230 Login successful.\r\n");
    expect(formatReply(multiline(211, "Features:", [" EPSV", " PASV"], "End"))).toBe("211-Features:\r\n EPSV\r\n PASV\r\n211 End\r\n");
    expect(formatReply(reply(220, "Hello\n530 fake"))).toBe("220-Hello\r\n220 530 fake\r\n");
  });
});

describe("vsftpd's name patterns (deny_file, hide_file, LIST filters)", () => {
  it.each([
    ["a.txt", "*.txt", true],
    ["a.txt.txt", "*.txt", false], // first occurrence, no backtracking, as vsftpd
    ["song.mp3", "{*.mp3,*.mov}", true],
    ["clip.mov", "{*.mp3,*.mov}", true],
    ["clip.avi", "{*.mp3,*.mov}", false],
    ["x.mp3", "{,*.mp3}", false], // an empty alternative ends the list
    ["abc", "a?c", true],
    ["ac", "a?c", false],
    ["private", "private", true],
    ["privateer", "private", false],
    ["music/x.mp3", "{*.mp3}", true],
    ["abc", "*", true],
  ])("%s against %s: %s", (name, filter, want) => expect(filenamePassesFilter(name, filter)).toBe(want));

  it("deny_file/hide_file also match their text anywhere in the name", () => {
    expect(matchesAccessPattern("x.private.txt", ".private")).toBe(true);
    expect(matchesAccessPattern("x.txt", undefined)).toBe(false);
  });
});

describe("xferlog lines", () => {
  it("lays out a transfer as vsftpd's xferlog_std_format does, never with a password", () => {
    const e = { type: "transfer", session: 1, direction: "upload", path: "/in box/a.txt", bytes: 42, ok: true, address: "127.0.0.1", user: "ftp", anonymous: true, seconds: 0.2, ascii: false } as const;
    expect(xferlogLine(e, new Date(2026, 11, 3, 4, 2, 1))).toBe("Thu Dec  3 04:02:01 2026 1 127.0.0.1 42 /in_box/a.txt b _ i a ftp ftp 0 * c");
    expect(xferlogLine({ ...e, direction: "download", anonymous: false, user: "kim", ok: false, ascii: true, seconds: 3.4 }, new Date(2026, 0, 15, 12, 0, 0))).toBe(
      "Thu Jan 15 12:00:00 2026 3 127.0.0.1 42 /in_box/a.txt a _ o r kim ftp 0 * i",
    );
  });
});
