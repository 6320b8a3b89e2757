import type { Command } from "./command.js";
import apply from "./apply.js";
import cert from "./cert.js";
import completion from "./completion.js";
import doctor from "./doctor.js";
import explain from "./explain.js";
import importCmd from "./import.js";
import init from "./init.js";
import lint from "./lint.js";
import plan from "./plan.js";
import render from "./render.js";
import rules from "./rules.js";
import serve from "./serve.js";
import validate from "./validate.js";
import verify from "./verify.js";

export const COMMANDS: readonly Command[] = [lint, rules, init, validate, render, explain, importCmd, cert, plan, apply, serve, verify, doctor, completion];
