/**
 * The one wording of a failed system call for a person: every message
 * about a file that could not be read, written or created says the reason
 * in these words, whichever command met it. Node's own message
 * ("EACCES: permission denied, open '/x'") repeats the path and the call,
 * which the caller's message already names.
 */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  ENOTDIR: "no such file (a parent in the path is not a directory)",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large for the file system",
  EISDIR: "is a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EIO: "input/output error",
  EEXIST: "already exists",
  EXDEV: "on another file system",
  EBUSY: "device or resource busy",
  ETXTBSY: "text file busy",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EAGAIN: "would block",
  ENXIO: "no such device or address",
  ENODEV: "no such device",
  EINVAL: "invalid argument",
};

export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "permission denied", "read-only file system", ...; an unknown error keeps Node's words without the path. */
export function errnoReason(err: unknown): string {
  const code = errnoCode(err);
  if (code !== undefined && REASONS[code] !== undefined) return REASONS[code];
  const message = err instanceof Error ? err.message : String(err);
  // "ECODE: words, syscall '/path'" -> "words"
  return message.replace(/^E[A-Z0-9]+: /, "").replace(/, \w+ '.*'$/s, "").split("\n")[0]!;
}
