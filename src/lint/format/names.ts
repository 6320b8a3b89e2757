/** lint's output formats: --format takes these, and each has its formatter in this folder. */
export const FORMAT_NAMES = ["text", "json", "sarif", "github"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
