/**
 * `render` and `apply` write the same vsftpd.conf, byte for byte, for the same
 * profile and build: render through the built CLI from one directory, apply
 * (on a staging tree, `--root`) from another, both through the built CLI, the profile named by a relative
 * path in one and an absolute one in the other. A profile with local users is
 * the case that differed: apply named its own PAM service, render did not.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DISTRO_PATHS } from "../../src/host/distro.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { ftpctl } from "../profile/cli.js";

describeWithTools("render and apply write the same vsftpd.conf", ["root", "locks"], () => {
  let dir = "";

  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-render-apply-");
    mkdirSync(join(dir, "site"));
    writeFileSync(join(dir, "site/ftpctl.yaml"), ["extends: [jailed, ftps]", "tls:", "  cert: /etc/ssl/certs/ftp.pem", "users:", "  - name: alice", "  - name: bob", "    jailed: false", ""].join("\n"));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const distro of ["debian", "rhel", "upstream"] as const) {
    it(`for the ${distro} build`, async () => {
      const out = join(dir, `render-${distro}.conf`);
      const rendered = await ftpctl(["render", "site/ftpctl.yaml", "--distro", distro, "-o", out], { cwd: dir });
      expect(rendered.exitCode, rendered.stderr).toBe(0);

      const root = join(dir, `stage-${distro}`);
      mkdirSync(join(root, "etc"), { recursive: true });
      writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
      writeFileSync(join(root, "etc/group"), "root:x:0:\n");
      // From another directory, with the profile's absolute path.
      const applied1 = await ftpctl(["apply", join(dir, "site/ftpctl.yaml"), "--distro", distro, "--root", root, "--only", "config", "--yes"], { cwd: root });
      expect(applied1.exitCode, applied1.stderr).toBe(0);

      const applied = readFileSync(join(root, DISTRO_PATHS[distro].config), "utf8");
      expect(applied).toBe(readFileSync(out, "utf8"));
      // The two things that differed: the PAM service and the header's profile path.
      expect(applied).toContain("\npam_service_name=ftpctl-vsftpd\n");
      expect(applied).toContain(`from ${join(dir, "site/ftpctl.yaml")} for the ${distro} build`);
    });
  }
});
