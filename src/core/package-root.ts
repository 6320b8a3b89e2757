/**
 * The installed package's root (where templates/ and docs/ live). The code
 * runs both bundled (dist/) and from source (src/...), at different depths,
 * so walk up from this module to the directory holding templates/.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "templates")) && existsSync(join(dir, "package.json"))) return (root = dir);
    dir = dirname(dir);
  }
  throw new Error("ftpctl's templates/ directory is missing from the installation");
}

export function templatePath(...parts: string[]): string {
  return join(packageRoot(), "templates", ...parts);
}
