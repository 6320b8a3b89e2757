/** Profiles and a writer shared by the export tests. */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RoleFile } from "../../src/export/ansible-role.js";
import { prepareExport } from "../../src/export/prepare.js";

/** Anonymous read-only FTP plus jailed local users (one with a password from a file), passive 40000-40009. */
export function fleetProfile(passwordFile: string): string {
  return `# Anonymous downloads and jailed local users.
extends: [jailed]
anonymous:
  enabled: true
  root: /srv/ftp
local:
  enabled: true
  write: true
users:
  - name: alice
    password:
      file: ${passwordFile}
  - name: bob
passive:
  minPort: 40000
  maxPort: 40009
`;
}

export const ANON_PROFILE = `# Public, read-only anonymous FTP.
anonymous:
  enabled: true
  root: /srv/ftp
passive:
  minPort: 40000
  maxPort: 40009
`;

export async function stepsFor(profile: string, opts: { set?: string[]; env?: Record<string, string>; distro?: string } = {}) {
  return prepareExport({ file: profile, set: opts.set ?? [], distro: opts.distro ?? "debian", secretInput: { env: opts.env ?? {}, readStdin: async () => undefined } });
}

export function writeRole(dir: string, files: readonly RoleFile[]): void {
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content, { mode: f.mode });
    chmodSync(path, f.mode);
  }
}
