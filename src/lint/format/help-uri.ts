/**
 * Where a rule's docs page lives, as an absolute URI for SARIF's helpUri.
 * With a GitHub or GitLab `repository` in package.json it is the page in
 * the tagged release (`v<version>`), so a viewer shows the page that matches
 * the ftpctl that linted; otherwise it is the page installed with the
 * package (package.json "files" ships docs/), which `ftpctl rules CODE`
 * prints as well.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../../core/package-root.js";

export interface PackageInfo {
  readonly version?: string;
  readonly repository?: string | { readonly url?: string; readonly directory?: string };
}

const HOSTED = /^(?:git\+)?(?:https?|git|ssh):\/\/(?:git@)?(github\.com|gitlab\.com)[/:]([^/]+)\/([^/#]+?)(?:\.git)?\/?$/;
const SHORTHAND = /^(?:(github|gitlab):)?([\w.-]+)\/([\w.-]+)$/;

/** The web address of docs/rules/ for a hosted repository at `v<version>`, or undefined. */
export function hostedDocsBase(pkg: PackageInfo): string | undefined {
  const repo = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  if (!repo || !pkg.version) return undefined;
  const hosted = HOSTED.exec(repo);
  const short = hosted ? undefined : SHORTHAND.exec(repo);
  const host = hosted ? hosted[1]! : short ? (short[1] === "gitlab" ? "gitlab.com" : "github.com") : undefined;
  const [owner, name] = hosted ? [hosted[2]!, hosted[3]!] : short ? [short[2]!, short[3]!] : [];
  if (!host || !owner || !name) return undefined;
  const dir = typeof pkg.repository === "object" && pkg.repository.directory ? `${pkg.repository.directory.replace(/^\/+|\/+$/g, "")}/` : "";
  const blob = host === "gitlab.com" ? "-/blob" : "blob";
  return `https://${host}/${owner}/${name}/${blob}/v${encodeURIComponent(pkg.version)}/${dir}docs/rules/`;
}

/** docs/rules/ of the package at `root`: hosted when package.json names a repository, else the installed files. */
export function docsBase(root: string): string {
  let pkg: PackageInfo = {};
  try {
    pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageInfo;
  } catch {
    // No readable package.json: the installed pages are still there.
  }
  return hostedDocsBase(pkg) ?? pathToFileURL(join(root, "docs", "rules") + "/").href;
}

let base: string | undefined;

/** The helpUri of a rule's page. */
export function helpUri(code: string, docs: string = (base ??= docsBase(packageRoot()))): string {
  return `${docs}${encodeURIComponent(code)}.md`;
}
