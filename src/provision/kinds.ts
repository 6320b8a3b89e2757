/** Sections of a plan, in the order they run; `--only` takes these names. */
export const KINDS = ["package", "account", "users", "pam", "directories", "lists", "certificate", "config", "firewall", "service"] as const;
export type Kind = (typeof KINDS)[number];
