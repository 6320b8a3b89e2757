/**
 * Real clients nobody here wrote, against the embedded server: curl, lftp
 * and Python 3's ftplib, anonymous read-only (uploads refused with 550) and
 * a local user with write_enable (upload, mkdir, rename, delete).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTools } from "../helpers/require-tool.js";
import { ANON_READ_ONLY, LOCAL_WRITE, serve, type Harness } from "./harness.js";

const CURL = "/usr/bin/curl";
const LFTP = "/usr/bin/lftp";
const PYTHON = "/usr/bin/python3";

const PAYLOAD = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));

function tree(root: string): void {
  mkdirSync(join(root, "pub"));
  writeFileSync(join(root, "pub", "data.bin"), PAYLOAD, { mode: 0o644 });
  writeFileSync(join(root, "readme.txt"), "hello from the embedded server\n", { mode: 0o644 });
  writeFileSync(join(root, ".hidden"), "dot\n", { mode: 0o644 });
}

const curl = (args: string[]) => execa(CURL, ["-sS", "--max-time", "20", ...args], { reject: false, encoding: "buffer" });

describeWithTools("curl against an anonymous read-only server", [CURL], () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await serve(ANON_READ_ONLY + "hide_ids=YES\n", { prepare: tree });
    url = h.server.url;
  });
  afterAll(() => h?.stop());

  it("lists the root like ls -l, with hide_ids, without dot files", async () => {
    const r = await curl([url]);
    expect(r.exitCode).toBe(0);
    const lines = Buffer.from(r.stdout).toString().trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^drwx.{6} +\d+ ftp {6}ftp {6} +\d+ \w{3} \d\d [ \d]\d:?\d\d pub$/);
    expect(lines[1]).toMatch(/^-rw-r--r-- +1 ftp +ftp +31 .* readme\.txt$/);
  });

  it("downloads a file, with --ftp-pasv and with EPSV", async () => {
    for (const mode of [["--ftp-pasv", "--disable-epsv"], ["--ftp-pasv"]]) {
      const r = await curl([...mode, `${url}pub/data.bin`]);
      expect(r.exitCode).toBe(0);
      expect(Buffer.compare(Buffer.from(r.stdout), PAYLOAD)).toBe(0);
    }
  });

  it("resumes a download from an offset (REST)", async () => {
    const r = await curl(["-C", "1000", `${url}pub/data.bin`]);
    expect(r.exitCode).toBe(0);
    expect(Buffer.compare(Buffer.from(r.stdout), PAYLOAD.subarray(1000))).toBe(0);
  });

  it("is refused an upload with 550", async () => {
    const file = join(h.root, "..", "up.txt");
    writeFileSync(file, "nope\n");
    const r = await curl(["-T", file, `${url}up.txt`]);
    expect(r.exitCode).not.toBe(0);
    expect(Buffer.from(r.stderr).toString()).toMatch(/550/);
    expect(existsSync(join(h.root, "up.txt"))).toBe(false);
  });

  it("a missing file is curl's 'file not found' (550)", async () => {
    const r = await curl([`${url}nope.bin`]);
    expect(r.exitCode).toBe(78);
  });
});

describeWithTools("curl as a local user with write_enable", [CURL], () => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await serve(LOCAL_WRITE, { prepare: tree, users: [{ name: "alice", password: "s3cret pass" }] });
    base = `ftp://alice:s3cret%20pass@127.0.0.1:${h.server.port}/`;
  });
  afterAll(() => h?.stop());

  it("uploads with -T, and the file gets file_open_mode less local_umask", async () => {
    const src = join(h.root, "..", "upload.bin");
    writeFileSync(src, PAYLOAD);
    const r = await curl(["-T", src, `${base}pub/upload.bin`]);
    expect(Buffer.from(r.stderr).toString()).toBe("");
    expect(r.exitCode).toBe(0);
    expect(Buffer.compare(readFileSync(join(h.root, "pub", "upload.bin")), PAYLOAD)).toBe(0);
    expect(statSync(join(h.root, "pub", "upload.bin")).mode & 0o777).toBe(0o644);
  });

  it("a wrong password is 530", async () => {
    const r = await curl([`ftp://alice:wrong@127.0.0.1:${h.server.port}/`]);
    expect(r.exitCode).toBe(67);
  });
});

describeWithTools("lftp as a local user with write_enable", [LFTP], () => {
  let h: Harness;
  beforeAll(async () => {
    h = await serve(LOCAL_WRITE, { prepare: tree, users: [{ name: "bob", password: "pw-bob" }] });
  });
  afterAll(() => h?.stop());

  const lftp = (script: string) =>
    execa(LFTP, ["-c", `set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 10; set ftp:ssl-allow no; open -u bob,pw-bob -p ${h.server.port} 127.0.0.1; ${script}`], {
      reject: false,
      cwd: join(h.root, ".."),
      env: { HOME: tmpdir() },
    });

  it("lists, gets, puts, mkdirs, renames and deletes", async () => {
    writeFileSync(join(h.root, "..", "local.txt"), "from lftp\n");
    const r = await lftp("cls -1; mkdir newdir; cd newdir; put local.txt; mv local.txt renamed.txt; cls -1; get renamed.txt -o got.txt; rm renamed.txt; cd ..; rmdir newdir; cls -1");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n")).toEqual(["pub/", "readme.txt", "renamed.txt", "pub/", "readme.txt"]);
    expect(readFileSync(join(h.root, "..", "got.txt"), "utf8")).toBe("from lftp\n");
    expect(existsSync(join(h.root, "newdir"))).toBe(false);
  });

  it("mirrors a directory down", async () => {
    const r = await lftp("mirror pub mirrored");
    expect(r.stderr).toBe("");
    expect(Buffer.compare(readFileSync(join(h.root, "..", "mirrored", "data.bin")), PAYLOAD)).toBe(0);
  });
});

const PY_ANON = `
import ftplib, io, sys
port = int(sys.argv[1])
f = ftplib.FTP()
f.connect("127.0.0.1", port, timeout=10)
print(f.getwelcome())
print(f.login())
print(f.sendcmd("SYST"))
print(f.pwd())
print(sorted(f.nlst()))
b = io.BytesIO(); print(f.retrbinary("RETR readme.txt", b.write)); print(repr(b.getvalue()))
print(f.size("pub/data.bin"))
for cmd in (lambda: f.storbinary("STOR x.txt", io.BytesIO(b"x")), lambda: f.mkd("d"), lambda: f.delete("readme.txt"), lambda: f.rename("readme.txt", "r.txt")):
    try:
        cmd(); print("allowed")
    except ftplib.error_perm as e:
        print(e)
print(f.quit())
`;

const PY_LOCAL = `
import ftplib, io, sys
port = int(sys.argv[1])
f = ftplib.FTP()
f.connect("127.0.0.1", port, timeout=10)
f.login("carol", "pw carol")
print(f.mkd("made"))
f.cwd("made")
print(f.storbinary("STOR up.bin", io.BytesIO(bytes(range(256)) * 100)))
print(f.size("up.bin"))
print(f.rename("up.bin", "moved.bin"))
print(f.nlst())
print(f.delete("moved.bin"))
f.cwd("..")
print(f.rmd("made"))
try:
    f.cwd("made")
except ftplib.error_perm as e:
    print(e)
print(f.quit())
`;

describeWithTools("Python 3 ftplib", [PYTHON], () => {
  it("anonymous read-only: reads, and every write is 550", async () => {
    const h = await serve(ANON_READ_ONLY + "write_enable=YES\n", { prepare: tree });
    try {
      const r = await execa(PYTHON, ["-c", PY_ANON, String(h.server.port)], { reject: false });
      expect(r.stderr).toBe("");
      expect(r.stdout.split("\n")).toEqual([
        "220 (vsFTPd 3.0.3)",
        "230 Login successful.",
        "215 UNIX Type: L8",
        "/",
        "['pub', 'readme.txt']",
        "226 Transfer complete.",
        "b'hello from the embedded server\\n'",
        "300000",
        "550 Permission denied.",
        "550 Permission denied.",
        "550 Permission denied.",
        "550 Permission denied.",
        "221 Goodbye.",
      ]);
    } finally {
      await h.stop();
    }
  });

  it("a local user with write_enable: mkdir, upload, rename, delete, rmdir", async () => {
    const h = await serve(LOCAL_WRITE, { prepare: tree, users: [{ name: "carol", password: "pw carol" }] });
    try {
      const r = await execa(PYTHON, ["-c", PY_LOCAL, String(h.server.port)], { reject: false });
      expect(r.stderr).toBe("");
      expect(r.stdout.split("\n")).toEqual([
        "/made",
        "226 Transfer complete.",
        "25600",
        "250 Rename successful.",
        "['moved.bin']",
        "250 Delete operation successful.",
        "250 Remove directory operation successful.",
        "550 Failed to change directory.",
        "221 Goodbye.",
      ]);
      const transfers = h.events.filter((e) => e.type === "transfer");
      expect(transfers).toMatchObject([{ type: "transfer", session: 1, direction: "upload", path: "/made/up.bin", bytes: 25600, ok: true, user: "carol", anonymous: false, address: "127.0.0.1" }]);
    } finally {
      await h.stop();
    }
  });
});

const TNFTP = "/usr/bin/tnftp";

describeWithTools("tnftp, the classic ftp client", [TNFTP], () => {
  const run = (port: number, script: string, cwd: string) => execa(TNFTP, ["-n", "-v", "-p", "127.0.0.1", String(port)], { input: script, reject: false, cwd, timeout: 20_000 });

  it("anonymous: pwd, ls, binary, get work; put and mkdir are 550", async () => {
    const h = await serve(ANON_READ_ONLY, { prepare: tree });
    try {
      const r = await run(h.server.port, "user anonymous guest@\npwd\nls\nbinary\nget readme.txt got.txt\nput got.txt\nmkdir d\nbye\n", join(h.root, ".."));
      expect(r.stdout).toContain("230 Login successful.");
      expect(r.stdout).toContain("Remote directory: /");
      expect(r.stdout).toContain("226 Directory send OK.");
      expect(r.stdout).toContain("150 Opening BINARY mode data connection for readme.txt (31 bytes).");
      expect(r.stdout.match(/^550 Permission denied\.$/gm)).toHaveLength(2);
      expect(readFileSync(join(h.root, "..", "got.txt"), "utf8")).toBe("hello from the embedded server\n");
    } finally {
      await h.stop();
    }
  });

  it("a local user: cd, put, mput, rename, delete, mkdir, rmdir", async () => {
    const h = await serve(LOCAL_WRITE, { prepare: tree, users: [{ name: "ivy", password: "pw" }] });
    try {
      const local = join(h.root, "..");
      writeFileSync(join(local, "one.txt"), "1\n");
      writeFileSync(join(local, "two.txt"), "2\n");
      const r = await run(h.server.port, "user ivy pw\nprompt\nmkdir box\ncd box\nput one.txt\nmput two.txt\nrename one.txt uno.txt\ndelete two.txt\ncd ..\nls box\nmkdir gone\nrmdir gone\nbye\n", local);
      expect(r.stdout).toContain('257 "/box" created');
      expect(r.stdout).toContain("250 Rename successful.");
      expect(r.stdout).toContain("250 Delete operation successful.");
      expect(r.stdout).toContain("250 Remove directory operation successful.");
      expect(readFileSync(join(h.root, "box", "uno.txt"), "utf8")).toBe("1\n");
      expect(existsSync(join(h.root, "box", "two.txt"))).toBe(false);
    } finally {
      await h.stop();
    }
  });
});
