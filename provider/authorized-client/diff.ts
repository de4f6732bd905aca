import { maybeClientId } from "./client-id";
import { sameMembers } from "./stored-set";
import { CheckedInputs, isUnknown } from "./types";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The same set, known on both sides: an unknown value (preview) is never the same. */
function sameSet(a: unknown, b: unknown): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  const x = Array.isArray(a) ? a : [];
  const y = Array.isArray(b) ? b : [];
  if (x.some(isUnknown) || y.some(isUnknown)) return false;
  return sameMembers(x, y);
}

/**
 * The diff rules: scopes and roles are sets (order never matters); another client means
 * replacement (the new client is authorized before the old one is revoked, so access never
 * lapses); everything else is an in-place update, except the org the grant lives in, which is
 * recorded, never changed. `olds` are the outputs in state.
 */
export function diffAuthorizedClient(olds: Partial<CheckedInputs>, news: CheckedInputs): DiffResult {
  const replaces: string[] = [];
  const oldId = maybeClientId(olds.clientId);
  const newId = maybeClientId(news.clientId); // the unknown marker stays itself
  if (isUnknown(newId) || oldId !== newId) replaces.push("clientId");
  const changed =
    replaces.length > 0 ||
    !sameSet(olds.scopes, news.scopes) ||
    !sameSet(olds.roles ?? [], news.roles ?? []) ||
    (olds.onExisting ?? "fail") !== (news.onExisting ?? "fail") ||
    (olds.authorizationUrl ?? null) !== (news.authorizationUrl ?? null);
  return { changes: changed, replaces, deleteBeforeReplace: false };
}
