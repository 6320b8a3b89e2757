import type { Argv, ArgumentsCamelCase } from "yargs";
import type { Io } from "../core/io.js";

/**
 * One CLI command: its flags and examples in src/commands/<name>/command.ts,
 * the code that turns its results into output and an exit code in a file
 * beside it, loaded on demand. `A` is what the builder's options parse to, so
 * `run` reads typed arguments (`args.json`, not `args["json"] as boolean`).
 */
export interface Command<A = Record<string, unknown>> {
  readonly command: string;
  readonly describe: string;
  readonly examples: readonly (readonly [string, string])[];
  builder(y: Argv): Argv<A>;
  run(args: ArgumentsCamelCase<A>, io: Io): Promise<number>;
  /** Nested commands (`ftpctl cert generate`); the parent's run is then never reached. */
  readonly subcommands?: readonly Command[];
}

/** Checks a command against its own builder's types, then files it with the others. */
export function defineCommand<A>(cmd: Command<A>): Command {
  return cmd as unknown as Command;
}
