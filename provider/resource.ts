import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { clientsNear, DECLARED_AS, PROGRAM_CLIENTS } from "./authorized-client/declarations";
import * as shim from "./provider";
import { fromStoredSet } from "./authorized-client/stored-set";
import { loadFfiQuietly } from "./quiet-builtins";
import { unknownConfigKeys } from "./config-keys";

// Before the SDK's serializer loads every builtin module (and Node.js 26 warns of node:ffi).
loadFfiQuietly();

/** Inputs of an AuthorizedClient. Give exactly one of `clientId` and `authorizationUrl`. */
export interface AuthorizedClientArgs {
  /** The OAuth client ID (a UUID). Changing it replaces the authorization. */
  clientId?: pulumi.Input<string>;
  /** An authorization URL sent by the app vendor; the client ID is taken from it. Its domain must match the configured region. */
  authorizationUrl?: pulumi.Input<string>;
  /** Scopes granted. Order and duplicates do not matter. Each must exist in the org and be requested by the client. */
  scopes: pulumi.Input<pulumi.Input<string>[]>;
  /** Role names or IDs whose users may use the app (built-in clients). */
  roles?: pulumi.Input<pulumi.Input<string>[]>;
  /** What to do when the client is already authorized: "fail" (default) or "adopt". */
  onExisting?: pulumi.Input<"fail" | "adopt">;
}

/**
 * The clients that the AuthorizedClients of a program name as plain strings (IDs or
 * authorization URLs), in the order declared, over one synchronous stretch of the program (a
 * plain program declares all of its resources in one). The batch is sealed once that stretch
 * has run, and each of its resources then passes the clients declared near it (clientsNear).
 */
interface Batch {
  clients: string[];
  sealed: Promise<readonly string[]>;
}

/** The open batch of each run of a program (one stack resource: an inline program runs once per update in one process). */
const open = new WeakMap<object, Batch>();
const outsideAStack = {};

function currentBatch(): Batch {
  const run = pulumi.runtime.getStackResource?.() ?? outsideAStack;
  let batch = open.get(run);
  if (!batch) {
    const clients: string[] = [];
    const sealed = new Promise<readonly string[]>((resolve) =>
      setImmediate(() => {
        open.delete(run);
        resolve(clients);
      }),
    );
    open.set(run, (batch = { clients, sealed }));
  }
  return batch;
}

/** The subpath of the package that the provider is serialized as, when it is a reference (package.json's `exports`). */
const SHIM_SUBPATH = "pulumi-genesys-grants/dist/provider/provider.js";

let serializable: pulumi.dynamic.ResourceProvider | undefined;

/**
 * The provider object each resource hands to Pulumi's serializer (see provider.ts). The shim
 * module's exports, which the serializer writes as a `require` of SHIM_SUBPATH, where that is
 * what it would write and where it loads this very file: the package sits in the `node_modules`
 * of the program's folder or above it (npm, yarn's node-modules linker, an npm workspace), or in
 * pnpm's store, and the program's folder resolves the subpath to it. Anywhere else (this
 * repository, a package nested in another's `node_modules`, Plug'n'Play) a plain copy of the
 * methods, which the serializer writes out by value, as any dynamic provider.
 */
function serializableProvider(): pulumi.dynamic.ResourceProvider {
  if (serializable) return serializable;
  const file = require.resolve("./provider");
  // Where Pulumi's serializer looks for the package: after the first node_modules of the path
  // from the program's folder, or the last one in pnpm's store.
  const parts = path.relative(process.cwd(), file).split(path.sep);
  const at = parts.includes(".pnpm") ? parts.lastIndexOf("node_modules") : parts.indexOf("node_modules");
  let byReference = at >= 0 && parts.slice(at + 1).join("/") === SHIM_SUBPATH;
  try {
    byReference &&= require.resolve(SHIM_SUBPATH, { paths: [process.cwd()] }) === file;
  } catch {
    byReference = false;
  }
  serializable = byReference ? shim : { ...shim };
  return serializable;
}

/**
 * A Genesys Cloud authorized OAuth client ("Admin > Integrations > Authorized Applications"):
 * create authorizes the client with the scopes (and roles), update re-scopes it, delete revokes it.
 */
/** The runs whose stack config was checked for misspelt `genesyscloud:*` keys (once each). */
const configChecked = new WeakSet<object>();

/**
 * A `genesyscloud:*` key that is no setting is named at preview, with the nearest real setting: a
 * warning, or an error where the setting keeps a safeguard (the org pin, manual apply).
 */
function checkConfigKeys(): void {
  const run = pulumi.runtime.getStackResource?.() ?? outsideAStack;
  if (configChecked.has(run)) return;
  configChecked.add(run);
  const unknown = unknownConfigKeys(Object.keys(pulumi.runtime.allConfig()));
  const failing = unknown.filter((u) => u.fails);
  for (const u of unknown.filter((x) => !x.fails)) void pulumi.log.warn(u.message);
  if (failing.length > 0) throw new pulumi.RunError(failing.map((u) => u.message).join("; "));
}

export class AuthorizedClient extends pulumi.dynamic.Resource {
  declare readonly clientId: pulumi.Output<string>;
  declare readonly authorizationUrl: pulumi.Output<string | undefined>;
  declare readonly scopes: pulumi.Output<string[]>;
  declare readonly roles: pulumi.Output<string[]>;
  declare readonly onExisting: pulumi.Output<"fail" | "adopt">;
  /** The client's name, as the org shows it. */
  declare readonly clientName: pulumi.Output<string>;
  declare readonly grantType: pulumi.Output<string>;
  /** The scopes the client requests (what may be granted). */
  declare readonly requestedScopes: pulumi.Output<string[]>;
  declare readonly roleIds: pulumi.Output<string[]>;
  /** The authorization's state: Authorized. */
  declare readonly state: pulumi.Output<string>;
  declare readonly dateModified: pulumi.Output<string>;
  declare readonly modifiedBy: pulumi.Output<string>;
  /** True when the grant existed before and was taken under management (onExisting "adopt"). */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The org the grant lives in (ID and name); a run with credentials for another org fails before any write. */
  declare readonly orgId: pulumi.Output<string>;
  declare readonly orgName: pulumi.Output<string>;

  constructor(name: string, args: AuthorizedClientArgs, opts?: pulumi.CustomResourceOptions) {
    checkConfigKeys();
    const batch = currentBatch();
    const index = batch.clients.length;
    const declared = typeof args.clientId === "string" ? args.clientId : args.authorizationUrl;
    if (typeof declared === "string") batch.clients.push(declared);
    // The SDK records a stack trace with each promise it makes for a property, for its report of
    // promises still pending at exit: dozens per AuthorizedClient, a fifth of the program's CPU
    // in a preview. They stay off while the resource is set up, unless PULUMI_DEBUG_PROMISE_LEAKS
    // asks for them (the SDK lifts the limit itself where it records the resource's source position).
    const stackTraceLimit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(
        serializableProvider(),
        name,
        {
          // Every key given is passed on, so a misspelt one (from JavaScript or configuration) fails
          // the preview instead of being dropped silently.
          ...args,
          // Declared whether given or not, so that the resource has the output (sorted below).
          roles: args.roles,
          // This resource's name, so that check can name both resources when two declare one client.
          [DECLARED_AS]: declaredAs(name, opts?.parent),
          [PROGRAM_CLIENTS]: batch.sealed.then((clients) => clientsNear(clients, index)),
          orgId: undefined,
          orgName: undefined,
          clientName: undefined,
          grantType: undefined,
          requestedScopes: undefined,
          roleIds: undefined,
          state: undefined,
          dateModified: undefined,
          modifiedBy: undefined,
          adopted: undefined,
        },
        opts,
        "genesyscloud",
        "AuthorizedClient",
      );
      // A preview hands back the stored inputs as outputs, where scopes and roles are sets keyed by
      // member (stored-set.ts); the program reads sorted arrays in a preview and after it alike.
      (this as { scopes: pulumi.Output<string[]> }).scopes = this.scopes.apply(fromStoredSet);
      (this as { roles: pulumi.Output<string[]> }).roles = this.roles.apply(fromStoredSet);
    } catch (e) {
      // The SDK refused the resource (a bad name or option): its error gets the stack it would
      // have had, from the program's line that declared the resource.
      Error.stackTraceLimit = stackTraceLimit;
      if (e instanceof Error) Error.captureStackTrace(e, AuthorizedClient);
      throw e;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

/** The resource's name, after the names of its parents (components), if any: "team-a/acme". */
function declaredAs(name: string, parent: pulumi.Resource | undefined): string {
  type Named = { __name?: string; __parentResource?: Named };
  const names = [name];
  // The root of the chain is the stack itself, which is no part of the name.
  for (let r = parent as Named | undefined; r?.__parentResource !== undefined; r = r.__parentResource) names.unshift(r.__name ?? "");
  return names.join("/");
}
