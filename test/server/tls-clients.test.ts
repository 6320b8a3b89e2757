/**
 * Real FTPS clients nobody here wrote, against the embedded server with
 * vsftpd's defaults for TLS (force_local_logins_ssl, force_local_data_ssl
 * and require_ssl_reuse all YES): curl --ssl-reqd, lftp with
 * ftp:ssl-force/ssl-protect-data, Python's ftplib FTP_TLS with prot_p, and
 * basic-ftp. curl, lftp and basic-ftp resume the control connection's TLS
 * session on data connections; ftplib does not, so vsftpd (and this server)
 * refuses its data connections unless require_ssl_reuse=NO.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Client } from "basic-ftp";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithTools } from "../helpers/require-tool.js";
import { CURL, curl, ftps, LFTP, lftp } from "../live/clients.js";
import { serveTls, testCert, uploadThenDownload, type TestCert, type TlsHarness } from "./tls-helpers.js";

const PYTHON = "/usr/bin/python3";
const LOCAL_TLS = "anonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nchroot_local_user=YES\nallow_writeable_chroot=YES\nlocal_umask=022\ndelay_failed_login=0\nssl_enable=YES\n";
// No space: lftp's `open -u user,password` would split it.
const ALICE = { name: "alice", password: "s3cret-pass" };
const LOGIN = { user: ALICE.name, password: ALICE.password };
const PAYLOAD = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251));

function tree(root: string): void {
  writeFileSync(join(root, "hello.txt"), "hello over TLS\n", { mode: 0o644 });
  writeFileSync(join(root, "data.bin"), PAYLOAD, { mode: 0o644 });
}

let cert: TestCert;
let work: string;
beforeAll(async () => {
  cert = await testCert();
  work = mkdtempSync(join(tmpdir(), "ftpctl-ftps-clients-"));
  writeFileSync(join(work, "up.bin"), PAYLOAD);
});
afterAll(() => {
  cert?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A server per describe block, on LOCAL_TLS plus `extra`. */
function server(extra = ""): { h: () => TlsHarness } {
  let h: TlsHarness;
  beforeAll(async () => {
    h = await serveTls(LOCAL_TLS + extra, cert, { users: [ALICE], prepare: tree });
  });
  afterAll(() => h?.stop());
  return { h: () => h };
}

describeWithTools("curl --ssl-reqd", [CURL], () => {
  const { h } = server();
  const url = () => `ftp://127.0.0.1:${h().port}/`;

  it("lists over TLS (AUTH, PBSZ, PROT P, a resumed data session)", async () => {
    const r = await curl([...ftps(cert.certFile), url()], LOGIN);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ data\.bin\r?\n.* hello\.txt\r?\n$/);
    expect(r.stderr).toContain("> PROT P");
    expect(r.stderr).toContain("< 226 Directory send OK.");
  });

  it("downloads a binary file", async () => {
    const out = join(work, "curl-got.bin");
    const r = await curl([...ftps(cert.certFile), "-o", out, `${url()}data.bin`], LOGIN);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(Buffer.compare(readFileSync(out), PAYLOAD)).toBe(0);
  });

  it("uploads", async () => {
    const r = await curl([...ftps(cert.certFile), "-T", join(work, "up.bin"), `${url()}curl-up.bin`], LOGIN);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(Buffer.compare(readFileSync(join(h().root, "curl-up.bin")), PAYLOAD)).toBe(0);
  });

  it("over TLS 1.3, a download after an upload on the same session does not resume, and is refused", async () => {
    // Node sends no new session ticket on a resumed data connection, and curl (which reads nothing on an
    // upload) keeps no ticket to offer: the next data connection is a full handshake, refused by
    // require_ssl_reuse as vsftpd refuses one (docs/serve.md; the ftps profile sets require_ssl_reuse=NO).
    const r = await uploadThenDownload(`${url()}curl-up2.bin`, LOGIN, cert.certFile, join(work, "up.bin"), join(work, "curl-back.bin"));
    expect(r.exitCode).toBe(18);
    expect(r.stderr).toContain("Re-using existing connection");
    // curl gives up on the empty data connection before it reads the 522.
    expect(h().events).toContainEqual(expect.objectContaining({ type: "refused", command: "data connection", code: 522 }));
  });

  it("over TLS 1.2 resumes by session id (curl sends no session ticket), a download after an upload too", async () => {
    const r = await curl([...ftps(cert.certFile), "--tls-max", "1.2", `${url()}data.bin`], LOGIN);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("SSL connection using TLSv1.2");
    const both = await uploadThenDownload(`${url()}curl-up12.bin`, LOGIN, cert.certFile, join(work, "up.bin"), join(work, "curl-back12.bin"), ["tls-max = 1.2"]);
    expect(both.exitCode, both.stderr).toBe(0);
    expect(Buffer.compare(readFileSync(join(work, "curl-back12.bin")), PAYLOAD)).toBe(0);
  });

  it("without TLS the login is refused as vsftpd refuses it (force_local_logins_ssl)", async () => {
    const r = await curl([url()], LOGIN);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("< 530 Non-anonymous sessions must use encryption.");
  });
});

describeWithTools("curl --ssl-reqd with require_ssl_reuse=NO", [CURL], () => {
  const { h } = server("require_ssl_reuse=NO\n");

  it("uploads, then downloads on the same session", async () => {
    const url = `ftp://127.0.0.1:${h().port}/curl-up.bin`;
    const out = join(work, "curl-back.bin");
    const r = await uploadThenDownload(url, LOGIN, cert.certFile, join(work, "up.bin"), out);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("Re-using existing connection");
    expect(Buffer.compare(readFileSync(out), PAYLOAD)).toBe(0);
  });
});

describeWithTools("lftp with ftp:ssl-force and ftp:ssl-protect-data", [LFTP], () => {
  const { h } = server();

  it("lists, gets and puts", async () => {
    const got = join(work, "lftp-got.bin");
    const r = await lftp(["cls -1", `get data.bin -o ${got}`, `put ${join(work, "up.bin")} -o lftp-up.bin`, "cls -1"], { port: h().port, login: LOGIN, caFile: cert.certFile });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n")).toEqual(["data.bin", "hello.txt", "data.bin", "hello.txt", "lftp-up.bin", ""]);
    expect(Buffer.compare(readFileSync(got), PAYLOAD)).toBe(0);
    expect(Buffer.compare(readFileSync(join(h().root, "lftp-up.bin")), PAYLOAD)).toBe(0);
  });
});

/** ftplib FTP_TLS with prot_p: list, get, put. The password comes on stdin. */
const PY_FTPS = `
import ftplib, io, ssl, sys
port, ca, user = int(sys.argv[1]), sys.argv[2], sys.argv[3]
password = sys.stdin.readline().rstrip("\\n")
f = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=ca))
f.connect("127.0.0.1", port, timeout=10)
f.login(user, password)
print(f.prot_p())
try:
    print(",".join(f.nlst()))
    buf = io.BytesIO()
    f.retrbinary("RETR data.bin", buf.write)
    print(len(buf.getvalue()), buf.getvalue() == bytes((i * 7) % 251 for i in range(300000)))
    print(f.storbinary("STOR py-up.txt", io.BytesIO(b"from ftplib over TLS\\n")))
    print(f.quit())
except ftplib.Error as e:
    print("ERROR", e)
`;

const python = (port: number) => execa(PYTHON, ["-c", PY_FTPS, String(port), cert.certFile, ALICE.name], { input: `${ALICE.password}\n`, reject: false, timeout: 30_000 });

describeWithTools("Python ftplib FTP_TLS with prot_p", [PYTHON], () => {
  describe("require_ssl_reuse=NO", () => {
    const { h } = server("require_ssl_reuse=NO\n");
    it("lists, gets and puts over TLS", async () => {
      const r = await python(h().port);
      expect(r.stderr).toBe("");
      expect(r.stdout.split("\n")).toEqual(["200 PROT now Private.", "data.bin,hello.txt", "300000 True", "226 Transfer complete.", "221 Goodbye."]);
      expect(readFileSync(join(h().root, "py-up.txt"), "utf8")).toBe("from ftplib over TLS\n");
    });
  });

  describe("require_ssl_reuse=YES (the default)", () => {
    const { h } = server();
    it("is refused its first data connection with vsftpd's 522, which does not resume the control session", async () => {
      const r = await python(h().port);
      expect(r.stdout.split("\n")).toEqual(["200 PROT now Private.", "ERROR 522 SSL connection failed: session reuse required"]);
    });
  });
});

describe("basic-ftp with secure: true", () => {
  const { h } = server();

  it("lists, downloads and uploads", async () => {
    const client = new Client(10_000);
    try {
      await client.access({ host: "127.0.0.1", port: h().port, user: ALICE.name, password: ALICE.password, secure: true, secureOptions: { ca: cert.cert, servername: "localhost" } });
      expect((await client.list()).map((f) => f.name).sort()).toEqual(["data.bin", "hello.txt"]);
      const chunks: Buffer[] = [];
      await client.downloadTo(new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) }), "data.bin");
      expect(Buffer.compare(Buffer.concat(chunks), PAYLOAD)).toBe(0);
      await client.uploadFrom(join(work, "up.bin"), "basic-up.bin");
      expect(Buffer.compare(readFileSync(join(h().root, "basic-up.bin")), PAYLOAD)).toBe(0);
    } finally {
      client.close();
    }
  });
});
