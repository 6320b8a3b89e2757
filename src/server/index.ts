/** The embedded FTP server's public face: start it from effective vsftpd options. */
export { startServer, type RunningServer, type StartOptions } from "./server.js";
export { serverOptions, passiveRange, type ServerOptions, type ServerOverrides, type LocalUser, type OptionGetter } from "./options.js";
export { formatEvent, type ServerEvent, type EventSink } from "./events.js";
export { loadServedConfig, configFromBytes, RefusedConfigError, type ServedConfig } from "./config.js";
export { TlsSetupError, type TlsPart } from "./tls.js";
export type { ServerTls, Pem } from "./tls-options.js";
