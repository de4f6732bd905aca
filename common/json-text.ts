/**
 * JSON a user hands a command (a preview, a stack export, a seed): parsed, or refused with where
 * it breaks, as line and column, and no more of V8's message than its reason.
 */
export class JsonTextError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Line and column (from 1) of character `position` of `text`. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Where V8's message says the text breaks: its position, the end for a cut-short text, else the first unexpected character. */
function positionOf(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const token = /Unexpected token '(.)'/u.exec(message);
  const index = token ? text.indexOf(token[1]) : -1;
  return index >= 0 ? index : 0;
}

/** The value of JSON `text`; a JsonTextError saying `what` is not JSON, and where, when it is not. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    if (text.trim() === "") throw new JsonTextError(`${what} is empty, not JSON`, 1, 1);
    const { line, column } = lineAndColumn(text, positionOf(text, message));
    const reason = message
      .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, "")
      .replace(/, ".*" is not valid JSON$/s, "")
      .replace(/^Unexpected end of JSON input$/, "it ends before the JSON does (cut short?)")
      .replace(/^Unexpected token '(.)'$/su, 'unexpected "$1"')
      .replace(/^[A-Z]/, (c) => c.toLowerCase());
    throw new JsonTextError(`${what} is not JSON: ${reason}, at line ${line}, column ${column}`, line, column);
  }
}
