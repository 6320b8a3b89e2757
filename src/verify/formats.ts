/** verify's output formats: --format takes these, and report.ts writes each. */
export const FORMATS = ["text", "json", "junit", "nagios"] as const;
export type VerifyFormat = (typeof FORMATS)[number];
