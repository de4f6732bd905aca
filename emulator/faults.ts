import { randomUUID } from "node:crypto";

/** A failure to inject, matched by method and path prefix (control plane: POST /__emulator/faults). */
export interface FaultRule {
  id: string;
  method?: string;
  path?: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  probability?: number;
  delayMs?: number;
  reset?: boolean;
}

export type FaultSpec = Omit<FaultRule, "id">;

const FIELDS: Record<keyof FaultSpec, string> = {
  method: "string",
  path: "string",
  status: "number",
  retryAfter: "number",
  times: "number",
  probability: "number",
  delayMs: "number",
  reset: "boolean",
};

/** Returns a list of problems with a fault spec (empty when valid). */
export function checkFaultSpec(spec: unknown): string[] {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return ["a fault must be a JSON object"];
  const problems: string[] = [];
  for (const [k, v] of Object.entries(spec)) {
    const type = FIELDS[k as keyof FaultSpec];
    if (!type) problems.push(`unknown field "${k}"`);
    else if (typeof v !== type) problems.push(`"${k}" must be a ${type}`);
  }
  const s = spec as FaultSpec;
  if (s.status !== undefined && (s.status < 400 || s.status > 599)) problems.push(`"status" must be 400-599`);
  if (s.probability !== undefined && (s.probability < 0 || s.probability > 1)) problems.push(`"probability" must be 0..1`);
  if (s.times !== undefined && (!Number.isInteger(s.times) || s.times < 1)) problems.push(`"times" must be a positive integer`);
  if (s.status === undefined && !s.reset && s.delayMs === undefined) problems.push(`a fault needs "status", "reset" or "delayMs"`);
  return problems;
}

export class FaultSet {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): FaultRule {
    const rule: FaultRule = { id: randomUUID(), ...spec };
    if (rule.method) rule.method = rule.method.toUpperCase();
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule that matches and fires (consuming one of its `times`), if any. */
  take(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== method) continue;
      if (rule.path && !path.startsWith(rule.path)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
      }
      return { ...rule };
    }
    return undefined;
  }
}
