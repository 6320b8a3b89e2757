import type { Argv, ArgumentsCamelCase } from "yargs";
import type { Io } from "../core/io.js";

/** One CLI command: its flags and examples here, its work loaded on demand. */
export interface Command {
  readonly command: string;
  readonly describe: string;
  readonly examples: readonly (readonly [string, string])[];
  builder(y: Argv): Argv;
  run(args: ArgumentsCamelCase<Record<string, unknown>>, io: Io): Promise<number>;
  /** Nested commands (`ftpctl cert generate`); the parent's run is then never reached. */
  readonly subcommands?: readonly Command[];
}
