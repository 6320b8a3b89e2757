/**
 * Shell completion scripts for bash, zsh and fish, generated from the same
 * command table and option declarations the parser uses, so they cannot
 * drift from what ftpctl accepts. Positional arguments complete as file
 * names (the shells' default).
 */
import yargs from "yargs";
import type { Command } from "./commands/command.js";

import type { Shell } from "./commands/completion/shells.js";

export { SHELLS, type Shell } from "./commands/completion/shells.js";

interface Entry {
  readonly path: readonly string[];
  readonly describe: string;
  readonly options: readonly string[];
  readonly subcommands: readonly string[];
}

/** The long option names a command declares, as its own builder declares them. */
function optionsOf(cmd: Command): string[] {
  const y = cmd.builder(yargs([]));
  const keys = Object.keys((y as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
  return keys.filter((k) => k.length > 1 && !/[A-Z]/.test(k) && k !== "help" && k !== "version").sort();
}

function entries(cmds: readonly Command[], path: readonly string[] = []): Entry[] {
  return cmds.flatMap((c) => {
    const here = [...path, c.command.split(" ")[0]!];
    const subs = c.subcommands ?? [];
    return [{ path: here, describe: c.describe, options: optionsOf(c), subcommands: subs.map((s) => s.command.split(" ")[0]!) }, ...entries(subs, here)];
  });
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

function bash(all: readonly Entry[], top: readonly string[]): string {
  const cases = all.map((e) => {
    const words = [...e.subcommands, ...e.options.map((o) => `--${o}`), "--help"].join(" ");
    return `    ${quote(e.path.join(" "))}) words=${quote(words)} ;;`;
  });
  return `# ftpctl completion for bash: eval "$(ftpctl completion bash)" in ~/.bashrc,
# or save it as /etc/bash_completion.d/ftpctl.
_ftpctl() {
  local cur=\${COMP_WORDS[COMP_CWORD]} path="" i w words
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    [[ $w == -* ]] && continue
    # A command word extends the path only while it names a known (sub)command.
    case "\${path:+$path }$w" in
${all.map((e) => `      ${quote(e.path.join(" "))}) path=${quote(e.path.join(" "))} ;;`).join("\n")}
    esac
  done
  case "$path" in
    '') words=${quote([...top, "--help", "--version"].join(" "))} ;;
${cases.join("\n")}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _ftpctl ftpctl
`;
}

function zsh(all: readonly Entry[], top: readonly string[]): string {
  return `#compdef ftpctl
# ftpctl completion for zsh: eval "$(ftpctl completion zsh)" in ~/.zshrc.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(all, top).split("\n").slice(2).join("\n")}`;
}

function fish(all: readonly Entry[], top: readonly string[]): string {
  const lines = ["# ftpctl completion for fish: ftpctl completion fish > ~/.config/fish/completions/ftpctl.fish"];
  const topDescs = new Map(all.filter((e) => e.path.length === 1).map((e) => [e.path[0]!, e.describe]));
  for (const name of top) lines.push(`complete -c ftpctl -n __fish_use_subcommand -f -a ${quote(name)} -d ${quote(topDescs.get(name) ?? "")}`);
  for (const e of all) {
    const seen = e.path.map((p) => `__fish_seen_subcommand_from ${p}`).join("; and ");
    const notDeeper = e.subcommands.length ? `; and not __fish_seen_subcommand_from ${e.subcommands.join(" ")}` : "";
    const cond = quote(`${seen}${notDeeper}`);
    for (const sub of e.subcommands) {
      const d = all.find((x) => x.path.join(" ") === [...e.path, sub].join(" "))?.describe ?? "";
      lines.push(`complete -c ftpctl -n ${cond} -f -a ${quote(sub)} -d ${quote(d)}`);
    }
    for (const o of e.options) lines.push(`complete -c ftpctl -n ${cond} -l ${o}`);
  }
  return lines.join("\n") + "\n";
}

export function completionScript(shell: Shell, commands: readonly Command[]): string {
  const all = entries(commands);
  const top = commands.map((c) => c.command.split(" ")[0]!);
  return shell === "bash" ? bash(all, top) : shell === "zsh" ? zsh(all, top) : fish(all, top);
}
