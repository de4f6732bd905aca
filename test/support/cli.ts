import { Writable } from "node:stream";
import { run } from "../../cli/main";

/** A writable that keeps what was written, for commands' standard output and error. */
export class Capture extends Writable {
  text = "";
  _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs genesys-grants in-process with captured output. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await run(argv, out, err);
  return { code, out: out.text, err: err.text };
}
