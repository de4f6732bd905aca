import * as fs from "node:fs";
/**
 * The conventions both command-line programs (genesys-grants and genesys-emulator) keep, on top of
 * commander, which owns their commands, flags, help and usage:
 * - output goes to the streams given, so a program runs in-process under test;
 * - a command line that is not one (an unknown command or flag, a missing or invalid value, a
 *   missing or extra argument) prints one line naming the program, the command and the reason,
 *   points to the command's --help, and exits 2; no command at all prints the usage and exits 2;
 * - --help and --version print to standard output and exit 0.
 */
import { Command, CommanderError } from "commander";
import { terminalText } from "./text";

/** The exit code of a command line that is not one. */
export const USAGE_EXIT = 2;

/** A usage error found by a command's own action (a rule commander cannot state, such as "one of two flags"). */
export class UsageError extends Error {}

/** Where a program writes. */
export interface Streams {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** A program's root command, writing to `streams`, that throws instead of exiting. */
export function program(name: string, streams: Streams): Command {
  return new Command(name)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => void streams.out.write(s),
      writeErr: (s) => void streams.err.write(s),
      // Errors are said by `parse`, once, in the form the module comment gives.
      outputError: () => undefined,
    });
}

/** The command's name as typed, from the root: "genesys-grants diff", "genesys-emulator admin revoke". */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/**
 * Runs the program on `argv` (without node and the script), and returns the exit code: the one the
 * action set through `exit`, else 0; 2 for a usage error; `failed` for any other error, said once.
 */
export async function parse(root: Command, argv: string[], streams: Streams, exit: { code: number }, failed: number): Promise<number> {
  // The command being parsed: commander names it in none of its errors.
  let current: Command = root;
  for (const c of allCommands(root)) c.hook("preSubcommand", (_, sub) => void (current = sub));
  try {
    await root.parseAsync(argv, { from: "user" });
    return exit.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help, --version, `help [command]`: printed on standard output.
      if (e.exitCode === 0) return 0;
      // No command: commander printed the usage on standard error.
      if (e.code === "commander.help") return USAGE_EXIT;
      // One sentence per thought: commander's "(Did you mean --format?)" becomes its own question.
      let reason = e.message
        .replace(/^error: /, "")
        .replace(/\n+/g, " ")
        .trim()
        .replace(/\.$/, "")
        .replace(/\s*\(Did you mean (.*?)\?\)$/, ". Did you mean $1?");
      if (e.code === "commander.unknownCommand")
        reason += `; the commands are ${current.commands
          .map((c) => c.name())
          .filter((n) => n !== "help")
          .join(", ")}`;
      const where = commandPath(current);
      streams.err.write(`${where}: ${terminalText(reason)}${/\?$/.test(reason) ? "" : "."} Run ${where} --help\n`);
      return USAGE_EXIT;
    }
    // Each line of a message that has several (every problem of a seed) stays a line of terminal text.
    const message = (e instanceof Error ? e.message : String(e)).split("\n").map(terminalText).join("\n");
    streams.err.write(`${root.name()}: ${message}\n`);
    return e instanceof UsageError ? USAGE_EXIT : failed;
  }
}

function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}

/** Ends the process quietly when its standard output is closed early (`genesys-grants … | head`). */
export function exitOnClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

/** The parent of process `pid`, from /proc (Linux); undefined where it cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    // The command, in parentheses, may hold spaces: the fields that follow it are plain.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** Whether process `pid` is a shell running one command line (`sh -c …`), as npm runs a package's bin or script. */
function isShellWrapper(pid: number): boolean {
  try {
    const [shell, flag] = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return /(^|\/)(sh|dash|bash)$/.test(shell) && flag === "-c";
  } catch {
    return false;
  }
}

/** The process that started this one, and, when that is the `sh -c` npm runs a bin through, the one that started it: read once, at load. */
const startedBy = (() => {
  const parent = process.ppid;
  return { parent, grandparent: isShellWrapper(parent) ? parentOf(parent) : undefined };
})();

/**
 * Stops the process when the one that started it goes away. `npx genesys-emulator &` then
 * `kill $!` kills npm, not the emulator it started, which would keep its port, adopted by PID 1.
 * The parent (and, behind npm's `sh -c`, the grandparent) is the one this module saw at load, so a
 * kill that lands while the program starts is seen too; at each tick (half a second, a timer that
 * never keeps the process alive) they are read again, and once either has changed, `stop` runs.
 */
export function stopWithParent(stop: () => void, everyMs = 500): void {
  const { parent, grandparent } = startedBy;
  const gone = () => process.ppid !== parent || (grandparent !== undefined && parentOf(parent) !== grandparent);
  if (gone()) return stop();
  const timer = setInterval(() => {
    if (!gone()) return;
    clearInterval(timer);
    stop();
  }, everyMs);
  timer.unref();
}
