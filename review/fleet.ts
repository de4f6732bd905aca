/**
 * The fleet file of `genesys-grants review` (schema/review-fleet.schema.json): per org, a name,
 * the region or API URL, the names of the environment variables holding its credentials (never
 * the secrets), and its stacks. Parsed and checked once, here; paths are resolved against the
 * file's own directory.
 */
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { describeErrors, problemLines, validate } from "../common/validation";

/** A stack: a Pulumi project directory and a stack name, or a saved `pulumi stack export`; `label` as the fleet file writes it. */
export type FleetStack = ({ dir: string; stack: string } | { state: string }) & { label: string };

export interface FleetOrg {
  name: string;
  region?: string;
  apiUrl?: string;
  clientIdEnv: string;
  clientSecretEnv: string;
  stacks: FleetStack[];
}

export interface Fleet {
  orgs: FleetOrg[];
}

export class FleetError extends Error {}

/** The fleet file's text (YAML, which includes JSON), checked; `file` names it and anchors its relative paths. */
export function parseFleet(text: string, file: string): Fleet {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new FleetError(`${file} is not valid YAML: ${(e as Error).message}; see docs/reviewing.md, "The fleet file"`);
  }
  const problems = problemLines(describeErrors(validate("review-fleet.schema.json", data)));
  const orgs = problems.length === 0 ? (data as Fleet).orgs : [];
  const seen = new Set<string>();
  orgs.forEach((o, i) => {
    if (seen.has(o.name.toLowerCase())) problems.push(`orgs[${i}].name: ${JSON.stringify(o.name)} names two orgs; give each its own name`);
    seen.add(o.name.toLowerCase());
    if (o.region !== undefined && o.apiUrl !== undefined) problems.push(`orgs[${i}]: give region or apiUrl, not both`);
    if (o.region === undefined && o.apiUrl === undefined)
      problems.push(`orgs[${i}]: give the org's region (such as eu-west-1) or its apiUrl`);
    (o.stacks ?? []).forEach((s, j) => {
      const where = `orgs[${i}].stacks[${j}]`;
      const keys = Object.keys(s);
      const isState = "state" in s;
      const isProject = "dir" in s || "stack" in s;
      if (isState && isProject)
        problems.push(`${where}: give a state file (state), or a project directory and a stack (dir, stack), not both`);
      else if (!isState && !("dir" in s && "stack" in s))
        problems.push(
          `${where}: ${keys.length === 0 ? "is empty" : `has ${keys.join(", ")} only`}; give a project directory and a stack (dir, stack), or a saved \`pulumi stack export\` (state)`,
        );
    });
  });
  if (problems.length > 0) throw new FleetError(`${file} is not a valid fleet file:\n  ${problems.join("\n  ")}`);
  const base = path.dirname(path.resolve(file));
  return {
    orgs: orgs.map((o) => ({
      ...o,
      stacks: (o.stacks ?? []).map((s) =>
        "state" in s
          ? { state: path.resolve(base, s.state), label: s.state }
          : { dir: path.resolve(base, s.dir), stack: s.stack, label: `${s.dir} (${s.stack})` },
      ),
    })),
  };
}
