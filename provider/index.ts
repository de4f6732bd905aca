import "../common/require-supported-node";
export { AuthorizedClient, AuthorizedClientArgs } from "./resource";
export * as authorizedClientProvider from "./provider";
export { diffAuthorizedClient } from "./authorized-client/diff";
export { AuthorizedClientInputs, AuthorizedClientOutputs, CheckFailure } from "./authorized-client/types";
export { authorizedClientsFromFile, parseGrantsFile, GrantsFile, GrantsFileError } from "./grants-file";
