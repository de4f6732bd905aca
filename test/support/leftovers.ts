/**
 * Runs a command (the end-to-end and reliability suites) and then checks that nothing it started
 * is still running: `node dist/test/support/leftovers.js mocha …`. Every process the suites start
 * inherits a marker in its environment, whichever process group it lands in (the Pulumi CLI
 * starts its plugins in groups of their own), so the check finds them all. A process left running
 * fails the run, named with its command line, and is then stopped.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { processesWith, untilGone } from "./processes";

export const RUN_MARKER = "GENESYS_GRANTS_TEST_RUN";

/** Runs `command`, then fails (and stops) anything it left running; resolves with the exit code. */
export async function runChecked(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const marker = `${RUN_MARKER}=${randomUUID()}`;
  const [name, value] = marker.split("=");
  const child = spawn(command, args, { stdio: "inherit", env: { ...env, [name]: value } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward).on("SIGTERM", forward);
  const code = await new Promise<number>((resolve) => {
    child.on("error", (e) => {
      process.stderr.write(`leftovers: cannot run ${command}: ${e.message}\n`);
      resolve(127);
    });
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  // A process on its way out (it saw its engine go) is given a few seconds (LEFTOVERS_GRACE_MS).
  try {
    await untilGone(marker, /./, Number(process.env.LEFTOVERS_GRACE_MS ?? 5_000));
    process.stdout.write("leftovers: no process of the run is still running\n");
    return code;
  } catch {
    const left = processesWith(marker);
    process.stderr.write(
      `leftovers: ${left.length} process(es) the run started are still running:\n${left.map((p) => `  ${p.pid} ${p.command}`).join("\n")}\n`,
    );
    for (const p of left) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    // A SIGKILL is delivered, not done, when kill returns: return once they are gone.
    await untilGone(marker, /./, 5_000).catch((e: Error) => process.stderr.write(`leftovers: ${e.message}\n`));
    return code === 0 ? 1 : code;
  }
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    process.stderr.write("usage: node dist/test/support/leftovers.js COMMAND [ARG…]\n");
    process.exitCode = 2;
  } else {
    void runChecked(command, args).then((code) => (process.exitCode = code));
  }
}
