/**
 * Runs a command with SIGINT/SIGTERM turned into an abort signal it checks
 * between steps (verify and doctor stop between checks and leave nothing
 * behind); the handlers go when the command ends.
 */
export async function interruptible<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const on = (sig: NodeJS.Signals) => controller.abort(sig);
  process.once("SIGINT", on);
  process.once("SIGTERM", on);
  try {
    return await run(controller.signal);
  } finally {
    process.off("SIGINT", on);
    process.off("SIGTERM", on);
  }
}
