/**
 * Replaces `node:module` inside the bundle. yargs-parser imports it only to
 * build a require() for JSON config files, which ftpctl never asks for;
 * loading the real module pulls Node's source-map support into start-up.
 */
export function createRequire(_from: string | URL): (id: string) => never {
  return (id) => {
    throw new Error(`ftpctl does not require ${id} at run time`);
  };
}
