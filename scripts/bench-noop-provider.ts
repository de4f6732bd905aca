import type * as pulumi from "@pulumi/pulumi";

/**
 * The benchmark's floor: a dynamic provider doing no API call, with the same shape of inputs and
 * outputs as AuthorizedClient. What the engine costs for N dynamic resources, and nothing else.
 */
export const noopProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_o, n) => ({ inputs: n }),
  diff: async (_i, o, n) => ({ changes: JSON.stringify(o.scopes) !== JSON.stringify(n.scopes) }),
  create: async (n) => ({ id: n.clientId, outs: { ...n, clientName: "noop", state: "Authorized" } }),
  read: async (i, o) => ({ id: i, props: o }),
  update: async (_i, o, n) => ({ outs: { ...o, ...n } }),
  delete: async () => undefined,
};
