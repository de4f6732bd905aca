import { Writable } from "node:stream";

/** A writable that keeps what was written, for commands' standard output and error. */
export class Capture extends Writable {
  text = "";
  _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
