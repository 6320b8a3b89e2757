/** The built-in profiles shipped in templates/profiles/, composed with `extends`. */
import { readdirSync, readFileSync } from "node:fs";
import { templatePath } from "../core/package-root.js";

export function builtinNames(): string[] {
  return readdirSync(templatePath("profiles"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function builtinText(name: string): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  try {
    return readFileSync(templatePath("profiles", `${name}.yaml`), "utf8");
  } catch {
    return undefined;
  }
}
