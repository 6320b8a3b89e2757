import type { Io } from "../../../core/io.js";
import { ansibleRole } from "../../../export/ansible-role.js";
import { checkRoleDir, writeRole } from "../../../export/write-role.js";
import { reportError } from "../../plan/run.js";
import { loadExport, type ExportArgs } from "../load.js";

export async function exportAnsibleRole(o: ExportArgs & { readonly dir: string }, io: Io): Promise<number> {
  try {
    // Refused before the profile and its passwords are read: nothing is asked for in vain.
    checkRoleDir(o.dir, { force: o.force });
    const { steps } = await loadExport(o, io);
    const w = writeRole(o.dir, ansibleRole(steps), { force: o.force });
    const dir = o.dir.replace(/\/+$/, "");
    io.stdout(`wrote the Ansible role to ${o.dir} (${w.files.length} files${w.backups.length ? `; ${w.backups.length} replaced, kept as FILE.bak` : ""})\n`);
    io.stdout(`  ansible-playbook -i HOST, ${dir}/tests/test.yml --check --diff\n`);
    if (steps.passwords.length) io.stdout(`  ${dir}/vars/main.yml holds password hashes (mode 0600): ansible-vault encrypt it before committing it anywhere\n`);
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}
