/**
 * Imported first by each command (genesys-grants, genesys-emulator): on an unsupported Node.js it
 * prints one line (supported-node.ts) and exits 1, before anything else loads.
 */
import { unsupportedNode } from "./supported-node";

const refused = unsupportedNode();
if (refused) {
  process.stderr.write(refused + "\n");
  process.exit(1);
}
