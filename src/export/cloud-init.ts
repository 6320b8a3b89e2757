/**
 * `ftpctl export cloud-init`: the steps of apply (steps.ts) as #cloud-config
 * user-data, for a new VM's first boot. cloud-init runs its modules in a
 * fixed order, so each step goes where that order keeps apply's:
 *   - users (init stage): the FTP users, with SHA-512 crypt hashes, never
 *     passwords;
 *   - packages (final stage; no package_update, so the image's package
 *     lists are used, as apply's first attempt does);
 *   - write_files with `defer: true` (final stage, after the packages, so
 *     Debian's vsftpd package finds no config of ours to ask about): the PAM
 *     service, the user lists, the rendered config, the password records;
 *   - runcmd (final stage, last): the anonymous account when the package did
 *     not create it, the directories, the firewall rules (each inserted only
 *     when `iptables -C` does not find it, then saved where
 *     netfilter-persistent is installed), and the service, enabled and
 *     restarted on the new config.
 * Commands in runcmd are single-quoted shell lines built from the same argv
 * apply runs.
 */
import { Document, Scalar } from "yaml";
import { VERSION } from "../core/version.js";
import { checkArgv, insertArgv, IPTABLES } from "../provision/firewall/rules.js";
import { octal, type ExportSteps, type FileStep } from "./steps.js";

/** One shell word, single-quoted unless it needs no quoting. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const sh = (argv: readonly string[]): string => argv.map(shellQuote).join(" ");

function block(text: string): Scalar {
  const s = new Scalar(text);
  s.type = "BLOCK_LITERAL";
  return s;
}

function writeFile(f: FileStep): Record<string, unknown> {
  return { path: f.path, owner: "root:root", permissions: octal(f.mode), content: block(f.content), defer: true };
}

function runcmd(s: ExportSteps): string[] {
  const cmds: string[] = [];
  // write_files made the state directory with its default mode; apply keeps it private.
  if (s.passwordState) cmds.push(sh(["chmod", "0700", s.stateDir]));
  if (s.account) {
    const a = s.account;
    // Debian's vsftpd package creates "ftp" itself; an existing account is never modified.
    const add = ["useradd", "-r", "-M", "-d", a.home, "-s", a.shell, "-c", a.comment];
    cmds.push(`getent passwd ${shellQuote(a.name)} >/dev/null || { if getent group ${shellQuote(a.name)} >/dev/null; then ${sh([...add, "-g", a.name, a.name])}; else ${sh([...add, a.name])}; fi; }`);
  }
  for (const d of s.directories) {
    const own = d.owner !== undefined || d.group !== undefined ? `${d.owner ?? ""}${d.group !== undefined ? `:${d.group}` : ""}` : undefined;
    const make = [sh(["mkdir", "-p", d.path]), ...(own ? [sh(["chown", own, d.path])] : []), ...(d.mode !== undefined ? [sh(["chmod", octal(d.mode), d.path])] : [])].join(" && ");
    cmds.push(d.createOnly ? `test -e ${shellQuote(d.path)} || { ${make}; }` : make);
  }
  if (s.certificate) {
    for (const p of new Set([s.certificate.cert, s.certificate.key])) {
      cmds.push(`test -f ${shellQuote(p)} || echo ${shellQuote(`ftpctl: ${p} is missing: vsftpd will not start until it exists (ftpctl cert generate)`)} >&2`);
    }
  }
  if (s.firewall.length) {
    for (const r of s.firewall) cmds.push(`${sh(checkArgv(r.family, r.chain, r.spec))} 2>/dev/null || ${sh(insertArgv(r.family, r.chain, r.spec, 1))}`);
    cmds.push("if command -v netfilter-persistent >/dev/null; then netfilter-persistent save; fi");
  }
  if (s.service) {
    cmds.push(sh(["systemctl", "enable", s.service.unit]));
    cmds.push(sh(["systemctl", "restart", s.service.unit]));
  }
  return cmds;
}

/** The user-data: `#cloud-config` first, as cloud-init requires. */
export function cloudConfig(s: ExportSteps): string {
  const files = [...(s.pam ? [s.pam] : []), ...s.lists, s.config, ...(s.passwordState ? [s.passwordState] : [])];
  const hashes = new Map(s.passwords.map((p) => [p.user, p.hash]));
  const users = s.users.map((u) => {
    const hash = hashes.get(u.name);
    return {
      name: u.name,
      gecos: u.comment,
      homedir: u.home,
      no_create_home: true,
      shell: u.shell,
      // No password source: the account stays locked, as apply leaves it.
      lock_passwd: hash === undefined,
      ...(hash !== undefined ? { hashed_passwd: hash } : {}),
    };
  });
  const data: Record<string, unknown> = {
    // "default" keeps the image's own login user; listing only ours would replace it.
    ...(users.length ? { users: ["default", ...users] } : {}),
    packages: [...s.packages],
    write_files: files.map(writeFile),
    runcmd: runcmd(s),
  };
  // YAML 1.1, as cloud-init reads it (PyYAML): a user named "on" or "no" must come out quoted.
  const doc = new Document(data, { version: "1.1" });
  const firewallNote = s.firewall.length ? `# ${s.firewall.length} firewall rules (${[...new Set(s.firewall.map((r) => IPTABLES[r.family]))].join(", ")}).\n` : "";
  const secretNote = s.passwords.length ? "# Holds SHA-512 crypt hashes of the users' passwords (never the passwords): keep it private.\n" : "";
  return (
    "#cloud-config\n" +
    `# vsftpd as the ftpctl profile ${s.source} describes: the steps of 'ftpctl apply' at first boot.\n` +
    `# Generated by ftpctl ${VERSION} (ftpctl export cloud-init). Export again after changing the profile.\n` +
    firewallNote +
    secretNote +
    doc.toString({ lineWidth: 0 })
  );
}
