/**
 * `import { startServer } from "ftpctl"` as a program using the package
 * does it (the built package, `npm run build` first): the export resolves,
 * carries its types, serves, and close() lets the process end by itself.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { NODE, REPO } from "../cli/ftpctl.js";

it("the package exports startServer with types, and a closed server lets the process exit", async () => {
  expect(existsSync(join(REPO, "dist/index.js")), "run `npm run build` first").toBe(true);
  const types = readFileSync(join(REPO, "dist/types/server/index.d.ts"), "utf8");
  expect(types).toMatch(/startServer/);
  const dir = mkdtempSync(join(tmpdir(), "ftpctl-lib-"));
  try {
    writeFileSync(join(dir, "hello.txt"), "lib\n", { mode: 0o644 });
    const program = `
      import { startServer, serverOptions, configFromBytes } from "ftpctl";
      import { connect } from "node:net";
      const cfg = configFromBytes("x.conf", Buffer.from("anonymous_enable=YES\\n"), "debian");
      const server = await startServer(serverOptions(cfg.get, { root: ${JSON.stringify(dir)} }));
      const greeting = await new Promise((resolve) => {
        const s = connect(server.port, "127.0.0.1");
        s.once("data", (d) => { resolve(String(d).trim()); s.destroy(); });
      });
      console.log(server.url.startsWith("ftp://127.0.0.1:"), greeting);
      await server.close();
    `;
    // Run from the repository, where the package resolves itself by name, with a hard timeout:
    // a handle left open by close() would keep the process alive and fail the test.
    const r = await execa(NODE, ["--input-type=module", "-e", program], { cwd: REPO, reject: false, timeout: 15_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("true 220 (vsFTPd 3.0.3)");
    expect(r.exitCode).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
