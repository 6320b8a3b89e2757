// Writes docs/profiles.md, the profile reference, from the schema and the
// profile layer (src/profile/reference.ts), so it cannot drift from what
// validate accepts and render writes. `npm run build` runs it;
// scripts/check-parity.mjs fails when the page is stale.
//
//   node scripts/gen-profile-doc.mjs           write it
//   node scripts/gen-profile-doc.mjs --check   exit 1 if it is stale, write nothing
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const PROFILE_DOC = "docs/profiles.md";

/** The text docs/profiles.md should hold, from the sources under `root`. */
export async function renderProfileDoc(root = fileURLToPath(new URL("..", import.meta.url))) {
  // Bundled into a scratch directory inside the tree: the built-in profiles are found by walking
  // up from the running module to the directory holding templates/ (src/core/package-root.ts).
  const tmp = mkdtempSync(join(root, "dist.tmp-profile-doc-"));
  try {
    const out = join(tmp, "reference.mjs");
    await build({
      entryPoints: [join(root, "src/profile/reference.ts")],
      outfile: out,
      bundle: true,
      format: "esm",
      platform: "node",
      // Dependencies bundled as CommonJS ask for Node built-ins with require().
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
      logLevel: "warning",
    });
    const { profileReferenceMarkdown } = await import(pathToFileURL(out).href);
    return profileReferenceMarkdown();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const file = join(root, PROFILE_DOC);
  let old = "";
  try {
    old = readFileSync(file, "utf8");
  } catch {}
  const text = await renderProfileDoc(root);
  if (old !== text) {
    if (process.argv.includes("--check")) {
      console.error(`${PROFILE_DOC} is stale: run \`node scripts/gen-profile-doc.mjs\` (npm run build does) and commit it.`);
      process.exit(1);
    }
    writeFileSync(file, text);
  }
}
