// yargs' own helpers ship no types; the platform shim only passes them through.
declare module "cliui";
declare module "y18n";
