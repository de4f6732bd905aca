/**
 * Typos of real scope names, and what the user is told. A word that reads as read-only gets
 * `:readonly` scopes only; a write scope is offered only where the word shows no read-only
 * intent, and says it is one.
 */
export const TYPOS: Array<[string, string]> = [
  ["analytics:view", ' — did you mean "analytics:readonly"?'],
  ["analytics:ro", ' — did you mean "analytics:readonly"?'],
  ["routing:read", ' — did you mean "routing:readonly"?'],
  ["analytics:read", ' — did you mean "analytics:readonly"?'],
  ["routing:readonli", ' — did you mean "routing:readonly"?'],
  ["users:readOnly", ' — did you mean "users:readonly"?'],
  ["users:read-only", ' — did you mean "users:readonly"?'],
  ["users:Readonly", ' — did you mean "users:readonly"?'],
  ["conversations:get", ' — did you mean "conversations:readonly"?'],
  ["groups:list", ' — did you mean "groups:readonly"?'],
  ["presence:view", ' — did you mean "presence:readonly"?'],
  ["quality:READ", ' — did you mean "quality:readonly"?'],
  ["recordings:ro", ' — did you mean "recordings:readonly"?'],
  ["architect:redonly", ' — did you mean "architect:readonly"?'],
  ["scim:view", ' — did you mean "scim:readonly"?'],
  ["routing:readonl", ' — did you mean "routing:readonly"?'],
  ["oauth:ro", ' — did you mean "oauth:readonly"?'],
  ["authorizaton:readonly", ' — did you mean "authorization:readonly"?'],
  ["integrations:view", ' — did you mean "integrations:readonly"?'],
  ["telephony:list", ' — did you mean "telephony:readonly"?'],
  ["webchat:read", ' — did you mean "web-chat:readonly"?'],
  ["workforce-management:view", ' — did you mean "workforce-management:readonly"?'],
  ["speech-and-text-analytics:get", ' — did you mean "speech-and-text-analytics:readonly"?'],
  ["user-recordings:read", ' — did you mean "user-recordings:readonly"?'],
  ["outbound:readonley", ' — did you mean "outbound:readonly"?'],
  ["analytics.read", ' — did you mean "analytics:readonly"?'],
  ["analytics_read", ' — did you mean "analytics:readonly"?'],
  ["ANALYTICS:VIEW", ' — did you mean "analytics:readonly"?'],
  ["scripts:veiw", ' — did you mean "scripts:readonly"?'],
  ["users:lsit", ' — did you mean "users:readonly"?'],
  ["organization:ro", ' — did you mean "organization:readonly"?'],
  // No read-only intent: the write scope is offered, and marked.
  ["analytcs", ' — did you mean "analytics" (write scope)?'],
  ["routng", ' — did you mean "routing" (write scope)?'],
  ["analytics:write", ' — did you mean "analytics" (write scope)?'],
  ["presense", ' — did you mean "presence" (write scope)?'],
  ["conversation", ' — did you mean "conversations" (write scope)?'],
];
