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
  /** Drops the connection before the request is applied (the same as `drop: "request"`). */
  reset?: boolean;
  /** `request`: drop the connection before the request is applied; `answer`: apply it, then drop the connection instead of answering. */
  drop?: "request" | "answer";
}

export type FaultSpec = Omit<FaultRule, "id">;

/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence, so a run whose
 * faults fired by `probability` can be replayed exactly.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultSet {
  private rules: FaultRule[] = [];
  private random: () => number;

  /** `seed` fixes the draws of `probability` faults; without one, a seed is picked and shown by `seed`. */
  constructor(seed?: number) {
    this.seed = seed ?? Math.floor(Math.random() * 2 ** 32);
    this.random = seededRandom(this.seed);
  }

  seed: number;

  /** Starts the sequence again (reset), optionally from another seed. */
  reseed(seed = this.seed): void {
    this.seed = seed;
    this.random = seededRandom(seed);
  }

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
