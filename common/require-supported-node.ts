/**
 * Imported first by the provider's entry point: on an unsupported Node.js, loading the package
 * fails with one line (supported-node.ts), before the SDK can fail with another error.
 */
import { unsupportedNode } from "./supported-node";

const refused = unsupportedNode();
if (refused) {
  const e = new Error(refused);
  e.stack = refused;
  throw e;
}
