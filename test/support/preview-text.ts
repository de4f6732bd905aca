import * as assert from "node:assert/strict";

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: { inputs?: Record<string, unknown> };
  newState?: { inputs?: Record<string, unknown> };
}

/**
 * One resource's part of `pulumi preview --diff` text: from its URN line to the next resource,
 * the outputs or the summary.
 */
function block(text: string, resource: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.includes(`::${resource}]`));
  assert.ok(start >= 0, `no ${resource} in:\n${text}`);
  const end = lines.findIndex((l, i) => i > start && /pulumi-nodejs:dynamic\/|--outputs:--|^Resources:/.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
}

/** The members a diff block marks as added (+) and removed (-): `+ routing:readonly: true`. */
function marked(lines: string[]): { added: string[]; removed: string[] } {
  const members = (sign: string) =>
    lines.map((l) => new RegExp(`^\\s*\\${sign} (\\S+?)\\s*: true$`).exec(l)?.[1]).filter((m): m is string => m !== undefined);
  return { added: members("+"), removed: members("-") };
}

/** The keys only the old, and only the new, stored inputs of one step hold, for a property. */
function keyChanges(steps: PreviewStep[], resource: string, property: string): { added: string[]; removed: string[] } {
  const step = steps.find((s) => s.urn.endsWith(`::${resource}`));
  assert.equal(step?.op, "update");
  const before = Object.keys((step!.oldState?.inputs?.[property] ?? {}) as object);
  const after = Object.keys((step!.newState?.inputs?.[property] ?? {}) as object);
  return { added: after.filter((k) => !before.includes(k)), removed: before.filter((k) => !after.includes(k)) };
}

/** A member swapped in a set: one removed, one added. */
export interface Swap {
  resource: string;
  property: "scopes" | "roles";
  removed: string;
  added: string;
}

/**
 * A swap reads as one `-` and one `+` in `pulumi preview --diff` (the property a changed object,
 * never `a => b`), and as keys in `pulumi preview --json`.
 */
export function assertSwapShown(diffText: string, json: string, swap: Swap): void {
  assertSwapInDiff(diffText, swap);
  const steps = (JSON.parse(json) as { steps: PreviewStep[] }).steps;
  assert.deepEqual(keyChanges(steps, swap.resource, swap.property), { added: [swap.added], removed: [swap.removed] });
}

/** The `pulumi preview --diff` half of assertSwapShown. */
export function assertSwapInDiff(diffText: string, swap: Swap): void {
  const { resource, property, removed, added } = swap;
  const lines = block(diffText, resource);
  assert.ok(
    lines.some((l) => new RegExp(`^\\s*~ ${property}\\s*: \\{$`).test(l)),
    `${resource}: ${property} as a changed object:\n${lines.join("\n")}`,
  );
  assert.deepEqual(marked(lines), { added: [added], removed: [removed] }, lines.join("\n"));
  assert.ok(!lines.some((l) => l.includes("=>")), `${resource}: a rename in\n${lines.join("\n")}`);
}
