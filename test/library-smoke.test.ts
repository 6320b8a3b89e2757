/**
 * The library as a program on the Node under test uses it: NODE from
 * test/cli/ftpctl.ts (this suite's Node, or FTPCTL_TEST_NODE when
 * test/node-versions.test.ts runs this file on each supported Node) imports
 * "ftpctl" by name from the built package, lints, renders a profile extending
 * a built-in one, and gets a typed error for bad input.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { NODE, REPO } from "./cli/ftpctl.js";

it('import { lint, render, validate } from "ftpctl": the same findings and config as the CLI, typed errors', async () => {
  expect(existsSync(join(REPO, "dist/index.js")), "run `npm run build` first").toBe(true);
  const program = `
    import { lint, render, validate, FtpctlError, InputError } from "ftpctl";
    const found = lint("listen=YES\\nlisten_ipv6=YES\\n", { distro: "debian" }).findings.map((f) => f.code);
    const rendered = render("p.yaml", { distro: "debian", text: "extends: [anonymous]\\n" });
    const warnings = validate("p.yaml", { distro: "debian", text: "extends: [anonymous]\\n" });
    let refused = "";
    try { lint(new Uint8Array([0, 1, 2, 0xff]), { distro: "debian" }); } catch (e) { refused = e instanceof InputError && e instanceof FtpctlError ? "InputError" : "untyped " + e; }
    console.log(JSON.stringify({ node: process.versions.node, found, anonymous: /^anonymous_enable=YES$/m.test(rendered.text), warnings: warnings.length, refused }));
  `;
  // From the repository, where the package resolves itself by name.
  const r = await execa(NODE, ["--input-type=module", "-e", program], { cwd: REPO, reject: false, timeout: 30_000, env: { NO_COLOR: "1" }, extendEnv: false });
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  const out = JSON.parse(r.stdout) as { node: string; found: string[]; anonymous: boolean; warnings: number; refused: string };
  expect(out.found).toContain("VSF201");
  expect(out.anonymous).toBe(true);
  expect(out.warnings).toBeGreaterThanOrEqual(0);
  expect(out.refused).toBe("InputError");
  expect(`v${out.node}`).toBe((await execa(NODE, ["--version"])).stdout.trim());
});
