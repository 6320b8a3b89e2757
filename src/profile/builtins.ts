/** The built-in profiles shipped in templates/profiles/, composed with `extends`. */
import { listPackageDir, readPackageFile } from "../core/package-root.js";

export function builtinNames(): string[] {
  return listPackageDir("templates", "profiles")
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function builtinText(name: string): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  try {
    return readPackageFile("templates", "profiles", `${name}.yaml`);
  } catch {
    return undefined;
  }
}
