/**
 * The CrossGuard policy pack for AuthorizedClient resources. Run it with the preview:
 *
 *   pulumi preview --policy-pack node_modules/pulumi-genesys-grants/policy [--policy-pack-config FILE]
 *
 * The rules are in rules.ts; this file gives them to Pulumi with their config schemas and
 * default enforcement levels (each can be changed in the config: {"<policy>": "advisory"}).
 */
import { PolicyPack, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RESOURCE_TYPE } from "../provider/state";
import {
  builtInRoleViolations,
  DEFAULT_MAX_SCOPES,
  forbiddenScopeViolations,
  grantOf,
  Grant,
  maxScopeViolations,
  POLICY,
  unknownConfigKeys,
  writeScopeViolations,
} from "./rules";

/**
 * A policy over the AuthorizedClient resources of a stack; other resources are left alone. Its
 * config is checked first, on every resource (a stack always has one): a key the schema does not
 * declare fails the preview, whatever the policy's enforcement level, since @pulumi/policy passes
 * no `additionalProperties` to the engine.
 */
function grantPolicy<C>(
  policy: Omit<ResourceValidationPolicy, "validateResource">,
  violations: (g: Grant, config: C) => string[],
): ResourceValidationPolicy {
  const known = Object.keys(policy.configSchema?.properties ?? {});
  return {
    ...policy,
    validateResource: (args: ResourceValidationArgs, report) => {
      const config = args.getConfig<C & object>();
      const unknown = unknownConfigKeys(policy.name, config ?? {}, known);
      if (unknown !== undefined) throw new Error(unknown);
      if (args.type !== RESOURCE_TYPE) return;
      for (const message of violations(grantOf(args.name, args.props), config)) report(message);
    },
  };
}

const uuidList = { type: "array", items: { type: "string", format: "uuid" } } as const;

new PolicyPack("genesys-grants", {
  policies: [
    grantPolicy(
      {
        name: POLICY.writeScopes,
        description:
          "Every write scope (one not ending in :readonly) granted to a client has been reviewed and allowed in the pack config.",
        enforcementLevel: "mandatory",
        configSchema: {
          properties: {
            allowedWriteScopes: {
              type: "object",
              description: "Client ID → the write scopes reviewers allowed for it.",
              additionalProperties: { type: "array", items: { type: "string" } },
              default: {},
            },
          },
        },
      },
      writeScopeViolations,
    ),
    grantPolicy(
      {
        name: POLICY.builtInRoles,
        description: "Built-in (role-gated) clients name the roles whose users may use them.",
        enforcementLevel: "mandatory",
        configSchema: {
          properties: { builtInClients: { ...uuidList, description: "The IDs of the org's built-in clients.", default: [] } },
        },
      },
      builtInRoleViolations,
    ),
    grantPolicy(
      {
        name: POLICY.forbidden,
        description: "No client is granted a scope the pack config forbids.",
        enforcementLevel: "mandatory",
        configSchema: {
          properties: {
            forbiddenScopes: { type: "array", items: { type: "string" }, description: "Scopes no client may hold.", default: [] },
          },
        },
      },
      forbiddenScopeViolations,
    ),
    grantPolicy(
      {
        name: POLICY.maxScopes,
        description: `No client holds more scopes than the maximum (default ${DEFAULT_MAX_SCOPES}).`,
        enforcementLevel: "advisory",
        configSchema: {
          properties: {
            maxScopes: { type: "integer", minimum: 1, description: "The most scopes one client may hold.", default: DEFAULT_MAX_SCOPES },
          },
        },
      },
      maxScopeViolations,
    ),
  ],
});
