import type * as pulumi from "@pulumi/pulumi";

/**
 * The dynamic provider object Pulumi serializes into every resource's state (twice). It is a thin
 * shim on purpose: each method loads the implementation by package name at run time, so the
 * state holds no implementation code, no credentials and no machine-specific path, and the
 * installed version of the package serves resources created by an older one. Arrow functions
 * with one-letter parameters keep the serialized text under 2 KB (i: id, o: olds/props, n: news).
 *
 * Credentials come from `configure` (stack config, kept in the provider process only) or the
 * environment, never from inputs.
 */
export const provider: pulumi.dynamic.ResourceProvider = {
  configure: (r) => require("pulumi-genesys-grants/runtime").configure(r),
  check: (o, n) => require("pulumi-genesys-grants/runtime").check(o, n),
  diff: (i, o, n) => require("pulumi-genesys-grants/runtime").diff(i, o, n),
  create: (n) => require("pulumi-genesys-grants/runtime").create(n),
  read: (i, o) => require("pulumi-genesys-grants/runtime").read(i, o),
  update: (i, o, n) => require("pulumi-genesys-grants/runtime").update(i, o, n),
  delete: (i, o) => require("pulumi-genesys-grants/runtime").remove(i, o),
};
