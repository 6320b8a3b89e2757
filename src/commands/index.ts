import type { Command } from "./command.js";
import lint from "./lint.js";

export const COMMANDS: readonly Command[] = [lint];
