import type { Command } from "./command.js";
import apply from "./apply/command.js";
import cert from "./cert/command.js";
import completion from "./completion/command.js";
import doctor from "./doctor/command.js";
import explain from "./explain/command.js";
import exportCmd from "./export/command.js";
import importCmd from "./import/command.js";
import init from "./init/command.js";
import lint from "./lint/command.js";
import plan from "./plan/command.js";
import render from "./render/command.js";
import rules from "./rules/command.js";
import serve from "./serve/command.js";
import validate from "./validate/command.js";
import verify from "./verify/command.js";

export const COMMANDS: readonly Command[] = [lint, rules, init, validate, render, explain, importCmd, cert, plan, apply, exportCmd, serve, verify, doctor, completion];
