import * as fs from "node:fs";

/** A process of this machine, as /proc shows it. */
export interface Proc {
  pid: number;
  command: string;
}

/**
 * The processes whose environment holds `entry` (`NAME=value`), other than this one. Every process a
 * test starts inherits the environment it was given, so a variable of the test's own (its
 * PULUMI_HOME, a run's marker) finds them all, whichever process group they went to.
 */
export function processesWith(entry: string): Proc[] {
  const found: Proc[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = fs.readFileSync(`/proc/${name}/environ`, "utf8").split("\0");
      if (!env.includes(entry)) continue;
      const command = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      // A zombie has no command line left: it is gone, waiting for its parent to read its status.
      if (command) found.push({ pid: Number(name), command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Waits until no process whose environment holds `entry` and whose command matches `command` is
 * left, reading /proc at each tick of `tick` (a deadline bounds it). Resolves with the milliseconds
 * waited, or rejects naming the processes still alive.
 */
export async function untilGone(
  entry: string,
  command: RegExp,
  deadlineMs: number,
  tick: () => Promise<void> = () => new Promise((r) => setTimeout(r, 100)),
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const left = processesWith(entry).filter((p) => command.test(p.command));
    if (left.length === 0) return Date.now() - started;
    if (Date.now() - started > deadlineMs)
      throw new Error(`still running after ${deadlineMs} ms: ${left.map((p) => `${p.pid} ${p.command}`).join("; ")}`);
    await tick();
  }
}
