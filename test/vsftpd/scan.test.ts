import { describe, expect, it } from "vitest";
import { BOM, CONF_FILE_MAX, scanBytes, scanText, type SettingLine } from "../../src/vsftpd/scan.js";

const settingOf = (text: string): SettingLine | undefined => scanText(text).settings[0];

describe("scanText: which lines are settings", () => {
  it.each([
    ["", "blank"],
    ["   ", "blank"],
    ["\t \v\f", "blank"],
    ["\r", "blank"],
    [" \r", "blank"],
    ["# comment", "comment"],
    ["#listen=YES", "comment"],
    ["#", "comment"],
    ["  # indented", "setting"],
    ["\t#tab", "setting"],
    [`${BOM}# comment`, "setting"],
    [BOM, "setting"],
    ["listen=YES", "setting"],
    ["  listen=YES", "setting"],
    ["=", "setting"],
  ])("%j is %s", (text, kind) => {
    expect(scanText(text).lines[0]?.kind).toBe(kind);
  });
});

describe("scanText: name and value", () => {
  it.each<[string, string, string | null]>([
    ["listen=YES", "listen", "YES"],
    ["  \tlisten=YES", "listen", "YES"],
    ["\v\flisten=YES", "listen", "YES"],
    ["listen = YES", "listen ", " YES"],
    ["listen=YES ", "listen", "YES "],
    ["listen=YES\r", "listen", "YES\r"],
    ["listen=YES # c", "listen", "YES # c"],
    ["ftpd_banner=a=b=c", "ftpd_banner", "a=b=c"],
    ["ftpd_banner=", "ftpd_banner", ""],
    ["ftpd_banner", "ftpd_banner", null],
    ["listen\r", "listen\r", null],
    ["=YES", "", "YES"],
    ["  # a=b", "# a", "b"],
    ["  # text", "# text", null],
    [`${BOM}listen=YES`, `${BOM}listen`, "YES"],
    ["Listen=YES", "Listen", "YES"],
  ])("%j splits into %j and %j", (text, name, value) => {
    const s = settingOf(text)!;
    expect(s.name).toBe(name);
    expect(s.value).toBe(value);
  });

  it("records the columns of name and value", () => {
    const s = settingOf("  listen=YES")!;
    expect(s.nameCol).toBe(3);
    expect(s.valueCol).toBe(10);
    const bare = settingOf("listen")!;
    expect(bare.valueCol).toBe(7);
  });
});

describe("scanText: lines", () => {
  it("splits at LF only and keeps CR in the line", () => {
    const { lines } = scanText("listen=YES\r\nbackground=NO\r\n");
    expect(lines.map((l) => l.text)).toEqual(["listen=YES\r", "background=NO\r"]);
  });

  it("numbers lines from 1 and treats a final LF as the end of the last line", () => {
    const { lines } = scanText("a=1\n\n# c\nb=2\n");
    expect(lines.map((l) => [l.line, l.kind])).toEqual([
      [1, "setting"],
      [2, "blank"],
      [3, "comment"],
      [4, "setting"],
    ]);
  });

  it("keeps a last line without LF", () => {
    expect(scanText("a=1\nb=2").settings.map((s) => s.name)).toEqual(["a", "b"]);
  });

  it("treats an old Mac file (CR only) as one line", () => {
    const { settings } = scanText("listen=YES\rbackground=NO\r");
    expect(settings).toHaveLength(1);
    expect(settings[0]!.value).toBe("YES\rbackground=NO\r");
  });
});

describe("scanBytes: the first 100000 bytes only", () => {
  const filler = (n: number) => Buffer.from("#" + "x".repeat(n - 2) + "\n");

  it("reads a file of exactly the limit whole", () => {
    const body = Buffer.concat([filler(CONF_FILE_MAX - 11), Buffer.from("listen=YES\n")]);
    expect(body.length).toBe(CONF_FILE_MAX);
    const scan = scanBytes(body);
    expect(scan.truncated).toBe(false);
    expect(scan.settings.map((s) => s.value)).toEqual(["YES"]);
  });

  it("ignores settings after the limit and says where the ignored part starts", () => {
    const body = Buffer.concat([filler(CONF_FILE_MAX), Buffer.from("bogus=1\n")]);
    const scan = scanBytes(body);
    expect(scan.truncated).toBe(true);
    expect(scan.truncatedAtLine).toBe(2);
    expect(scan.settings).toEqual([]);
  });

  it("parses a line cut at the boundary as the partial line", () => {
    const head = filler(CONF_FILE_MAX - "anonymous_enable=Y".length);
    const scan = scanBytes(Buffer.concat([head, Buffer.from("anonymous_enable=YES\nbogus=1\n")]));
    expect(scan.truncated).toBe(true);
    expect(scan.truncatedAtLine).toBe(2);
    expect(scan.settings.map((s) => [s.name, s.value])).toEqual([["anonymous_enable", "Y"]]);
  });

  it("keeps a BOM as part of the first line", () => {
    const scan = scanBytes(Buffer.from("\xEF\xBB\xBFlisten=YES\n", "latin1"));
    expect(scan.settings[0]!.name).toBe(`${BOM}listen`);
  });
});
