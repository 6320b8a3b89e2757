/**
 * The installed package's root (where templates/ and docs/ live), and the
 * only way code reads files from it. The code runs both bundled (dist/) and
 * from source (src/...), at different depths, so walk up from this module to
 * the directory holding templates/. The single-file build (dist/ftpctl.mjs,
 * scripts/build-single.mjs) has no package around it: it replaces this module
 * with one serving the same files from the bundle itself, so every read of a
 * template or doc page must go through readPackageFile or listPackageDir.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/** A file of the package as text, by its path from the root ("templates", "profiles", "local.yaml"); throws ENOENT if absent. */
export function readPackageFile(...parts: string[]): string {
  return readFileSync(join(packageRoot(), ...parts), "utf8");
}

/** The names in one of the package's directories. */
export function listPackageDir(...parts: string[]): string[] {
  return readdirSync(join(packageRoot(), ...parts));
}
