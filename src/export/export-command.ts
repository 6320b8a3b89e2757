/**
 * `ftpctl export ansible-role DIR [PROFILE]` and `ftpctl export cloud-init
 * [PROFILE]`: the CLI side. Reads the profile and the passwords as plan and
 * apply do, builds the steps (steps.ts), and writes the role into DIR or the
 * user-data to standard output or -o FILE. Prints, picks exit codes; the
 * rest is in the domain modules beside it.
 */
import type { Io } from "../cli.js";
import { backupPath, checkTarget, writeFile } from "../core/atomic-write.js";
import { UsageError } from "../core/errors.js";
import { formatOrigin } from "../profile/errors.js";
import { reportError } from "../provision/plan-command.js";
import { secretInputFromStdin } from "../provision/terminal.js";
import { ansibleRole } from "./ansible-role.js";
import { cloudConfig } from "./cloud-init.js";
import { prepareExport, type PreparedExport } from "./prepare.js";
import { writeRole } from "./write-role.js";

export interface ExportCommandOptions {
  readonly file: string;
  readonly set: readonly string[];
  readonly distro: string;
  readonly force: boolean;
}

async function load(o: ExportCommandOptions, io: Io): Promise<PreparedExport> {
  const p = await prepareExport({ file: o.file, set: o.set, distro: o.distro, secretInput: secretInputFromStdin(process.env) });
  for (const w of p.warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
  return p;
}

export async function exportAnsibleRole(o: ExportCommandOptions & { readonly dir: string }, io: Io): Promise<number> {
  try {
    const { steps } = await load(o, io);
    const w = writeRole(o.dir, ansibleRole(steps), { force: o.force });
    io.stdout(`wrote the Ansible role to ${o.dir} (${w.files.length} files${w.backups.length ? `; ${w.backups.length} replaced, kept as FILE.bak` : ""})\n`);
    io.stdout(`  ansible-playbook -i HOST, ${o.dir.replace(/\/+$/, "")}/tests/test.yml --check --diff\n`);
    if (steps.passwords.length) io.stdout(`  ${o.dir.replace(/\/+$/, "")}/vars/main.yml holds password hashes (mode 0600): ansible-vault encrypt it before committing it anywhere\n`);
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}

export async function exportCloudInit(o: ExportCommandOptions & { readonly output: string | undefined }, io: Io): Promise<number> {
  try {
    const { steps } = await load(o, io);
    const text = cloudConfig(steps);
    if (o.output === undefined || o.output === "-") {
      io.stdout(text);
      return 0;
    }
    const target = checkTarget(o.output, "follow");
    if (target.existing && !o.force) throw new UsageError(`${o.output} already exists; use --force to replace it (the old file is kept as ${backupPath(o.output)})`);
    // Password hashes inside: private from creation.
    const w = writeFile(o.output, text, { mode: steps.passwords.length ? 0o600 : 0o644, links: "follow", backup: true });
    io.stderr(`wrote ${o.output}${w.backup ? ` (the old file kept as ${w.backup})` : ""}\n`);
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}
