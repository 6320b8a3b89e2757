declare const __FTPCTL_VERSION__: string | undefined;

/** Injected by the bundler from package.json; "dev" when running from source. */
export const VERSION = typeof __FTPCTL_VERSION__ === "string" ? __FTPCTL_VERSION__ : "dev";
