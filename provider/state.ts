/**
 * The state format of AuthorizedClient, for the tools that read a stack's state or preview
 * (genesys-grants, the policy pack): the resource type, how scopes and roles are stored, client
 * IDs, the org a grant records, what check found live before a create or could not check, the write-scope rule, and
 * the admin-UI steps of a change, and the grants a `pulumi stack export` records. The one module of the provider they import: it decides only,
 * with no I/O, and loads no HTTP client (test/unit/state.spec.ts proves it).
 */
export { RESOURCE_TYPE, isWriteScope, EXISTING_GRANT, UNCHECKED } from "./authorized-client/types";
export type { ExistingGrant, UncheckedGrant } from "./authorized-client/types";
export { setChange, setMembers } from "./authorized-client/stored-set";
export type { SetChange } from "./authorized-client/stored-set";
export { clientIdOf, isUuid } from "./authorized-client/client-id";
export type { ClientId } from "./authorized-client/client-id";
export { parseAuthorizationUrl } from "./authorized-client/normalize";
export { checkPin, describeOrg, orgIdOf, recordedOrg } from "./authorized-client/org";
export type { OrgRef } from "./authorized-client/org";
export { manualSteps } from "./authorized-client/manual-steps";
export { roleNamer } from "./authorized-client/roles";
export { grantInAnotherOrg, managedGrants, StackStateError } from "./authorized-client/stack-export";
export type { ManagedGrant } from "./authorized-client/stack-export";
export type { ManualChange } from "./authorized-client/manual-steps";
