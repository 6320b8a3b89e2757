/**
 * Wraps an Executor and writes down every change call, so a test can prove
 * what apply did, or that plan did nothing: in read-only mode any change
 * call throws before it reaches the wrapped executor. Standard input is never
 * recorded (passwords travel there), only its size.
 */
import { FtpctlError } from "../core/errors.js";
import type { CommandResult, Executor, FileStat, RunOptions, WriteOptions } from "./executor.js";

export type RecordedCall =
  | { readonly op: "run"; readonly argv: readonly string[]; readonly stdin?: string }
  | { readonly op: "writeFile"; readonly path: string; readonly bytes: number; readonly mode: number; readonly uid?: number; readonly gid?: number }
  | { readonly op: "mkdir"; readonly path: string; readonly mode: number; readonly uid?: number; readonly gid?: number }
  | { readonly op: "chmod"; readonly path: string; readonly mode: number }
  | { readonly op: "chown"; readonly path: string; readonly uid: number; readonly gid: number }
  | { readonly op: "rename"; readonly from: string; readonly to: string }
  | { readonly op: "remove"; readonly path: string };

/** A change call made while the recorder was read-only. */
export class ReadOnlyViolation extends FtpctlError {
  constructor(readonly call: RecordedCall) {
    super(`read-only executor: refused ${describeCall(call)}`);
  }
}

export function describeCall(c: RecordedCall): string {
  const mode = (m: number) => `0${m.toString(8)}`;
  switch (c.op) {
    case "run":
      return [...c.argv, ...(c.stdin ? [c.stdin] : [])].join(" ");
    case "writeFile":
      return `write ${c.path} (${c.bytes} bytes, mode ${mode(c.mode)})`;
    case "mkdir":
      return `mkdir ${c.path} (mode ${mode(c.mode)})`;
    case "chmod":
      return `chmod ${mode(c.mode)} ${c.path}`;
    case "chown":
      return `chown ${c.uid}:${c.gid} ${c.path}`;
    case "rename":
      return `rename ${c.from} ${c.to}`;
    case "remove":
      return `remove ${c.path}`;
  }
}

function ids(opts: WriteOptions): { uid?: number; gid?: number } {
  return { ...(opts.uid !== undefined ? { uid: opts.uid } : {}), ...(opts.gid !== undefined ? { gid: opts.gid } : {}) };
}

export class RecordingExecutor implements Executor {
  readonly calls: RecordedCall[] = [];
  /** Read calls too, for tests that care what was looked at (argv of probes, paths read). */
  readonly reads: string[] = [];

  constructor(
    private readonly inner: Executor,
    /** When true, every change call throws ReadOnlyViolation and nothing reaches `inner`. */
    public readOnly = false,
  ) {}

  get root(): string | undefined {
    return this.inner.root;
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    if (this.readOnly) throw new ReadOnlyViolation(call);
  }

  probe(argv: readonly string[], opts?: RunOptions): Promise<CommandResult> {
    this.reads.push(`probe ${argv.join(" ")}`);
    return this.inner.probe(argv, opts);
  }
  which(program: string): Promise<string | undefined> {
    this.reads.push(`which ${program}`);
    return this.inner.which(program);
  }
  readFile(path: string): Promise<Buffer | undefined> {
    this.reads.push(`read ${path}`);
    return this.inner.readFile(path);
  }
  stat(path: string): Promise<FileStat | undefined> {
    this.reads.push(`stat ${path}`);
    return this.inner.stat(path);
  }
  realpath(path: string): Promise<string> {
    this.reads.push(`realpath ${path}`);
    return this.inner.realpath ? this.inner.realpath(path) : Promise.resolve(path);
  }

  async run(argv: readonly string[], opts?: RunOptions): Promise<CommandResult> {
    const input = opts?.input;
    this.record({ op: "run", argv: [...argv], ...(input !== undefined ? { stdin: `<${Buffer.byteLength(input)} bytes on stdin>` } : {}) });
    return this.inner.run(argv, opts);
  }
  async writeFile(path: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
    this.record({ op: "writeFile", path, bytes: typeof data === "string" ? Buffer.byteLength(data) : data.length, mode: opts.mode, ...ids(opts) });
    return this.inner.writeFile(path, data, opts);
  }
  async mkdir(path: string, opts: WriteOptions): Promise<void> {
    this.record({ op: "mkdir", path, mode: opts.mode, ...ids(opts) });
    return this.inner.mkdir(path, opts);
  }
  async chmod(path: string, mode: number): Promise<void> {
    this.record({ op: "chmod", path, mode });
    return this.inner.chmod(path, mode);
  }
  async chown(path: string, uid: number, gid: number): Promise<void> {
    this.record({ op: "chown", path, uid, gid });
    return this.inner.chown(path, uid, gid);
  }
  async rename(from: string, to: string): Promise<void> {
    this.record({ op: "rename", from, to });
    return this.inner.rename(from, to);
  }
  async remove(path: string): Promise<void> {
    this.record({ op: "remove", path });
    return this.inner.remove(path);
  }
}
