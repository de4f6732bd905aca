import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

/**
 * The dynamic provider Pulumi serializes into every resource's state (twice): this module's
 * exports object, whose methods are the provider's. It is a thin shim on purpose: each method
 * loads the implementation by package name at run time, so the state holds no implementation
 * code, no credentials and no machine-specific path, and the installed version of the package
 * serves resources created by an older one.
 *
 * Installed in a `node_modules` folder (npm, pnpm, yarn's node-modules linker), the provider is
 * this module's exports, which Pulumi's serializer writes as a reference by package name (the
 * subpath `pulumi-genesys-grants/dist/provider/provider.js`, exported for it): about 270 bytes
 * instead of 2 KB, in every copy the engine passes and stores. Loaded from anywhere else (this
 * repository, a copy nested in another package, Plug'n'Play), it is written out by value (see
 * serializableProvider in resource.ts): these seven arrow functions, whose one-letter
 * parameters keep the text near 2 KB (i: id, o: olds/props, n: news).
 *
 * Credentials come from `configure` (stack config, kept in the provider process only) or the
 * environment, never from inputs.
 */
export const configure: Provider["configure"] = (r) => require("pulumi-genesys-grants/runtime").configure(r);
export const check: Provider["check"] = (o, n) => require("pulumi-genesys-grants/runtime").check(o, n);
export const diff: Provider["diff"] = (i, o, n) => require("pulumi-genesys-grants/runtime").diff(i, o, n);
export const create: Provider["create"] = (n) => require("pulumi-genesys-grants/runtime").create(n);
export const read: Provider["read"] = (i, o) => require("pulumi-genesys-grants/runtime").read(i, o);
export const update: Provider["update"] = (i, o, n) => require("pulumi-genesys-grants/runtime").update(i, o, n);
const remove: Provider["delete"] = (i, o) => require("pulumi-genesys-grants/runtime").remove(i, o);
export { remove as delete };
