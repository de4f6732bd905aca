/**
 * @pulumi/pulumi's closure serializer, which writes a dynamic provider into the state, requires
 * every builtin module of Node.js once. From Node.js 26.1, `node:ffi` prints
 * `ExperimentalWarning: FFI is an experimental feature` when first loaded, so every preview and
 * `up` of a program using this package showed that warning twice (upstream: the serializer, not
 * this package, loads it). This loads `node:ffi` first, with that one warning dropped and
 * `process.emitWarning` restored at once, so the serializer finds it loaded and nothing is
 * printed. Any other warning, and any other use of FFI, is untouched.
 */
import { builtinModules } from "node:module";

const FFI = "node:ffi";

export function loadFfiQuietly(): void {
  if (!builtinModules.includes(FFI)) return;
  const emit = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === "string" ? warning : warning?.message;
    const options = rest[0] as string | { type?: string } | undefined;
    const type = typeof options === "string" ? options : options?.type;
    if (type === "ExperimentalWarning" && /^FFI is an experimental feature/.test(String(text))) return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    // A synchronous load, now: the serializer's own require must find it loaded.
    process.getBuiltinModule(FFI);
  } catch {
    // Not loadable here (a build without it): the serializer will find the same.
  } finally {
    process.emitWarning = emit;
  }
}
