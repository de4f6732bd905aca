/**
 * The Node.js versions this package supports, checked before anything else loads: the CLIs and
 * the provider import this module first. Node.js 20 reached its end of life and the SDK asks for
 * 22; on it, a run would fail later with an error that names neither.
 */
export const SUPPORTED_NODE = "Node.js 22, 24 or 26 (22 or later)";

/** The one line said on an unsupported Node.js, or undefined on a supported one. */
export function unsupportedNode(version: string = process.versions.node): string | undefined {
  const major = Number(version.split(".")[0]);
  return major >= 22
    ? undefined
    : `pulumi-genesys-grants needs ${SUPPORTED_NODE}; this is Node.js ${version}. Install a supported Node.js and run again.`;
}
