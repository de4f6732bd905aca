import { ClientId, clientIdOf, isUuid } from "./client-id";
import { parseAuthorizationUrl } from "./normalize";

/**
 * The input key under which AuthorizedClient passes its own name (with its parents' names) to
 * check. Check reads it and never returns it, so it is not stored in state and never shows in a
 * diff; a rename with `aliases` therefore changes nothing.
 */
export const DECLARED_AS = "__declaredAs";

/**
 * The input key under which each AuthorizedClient passes, as one string of space-separated
 * client IDs (or authorization URLs), the clients declared near it in the program: those of its
 * window of PREFETCH_WINDOW declarations and of the next. The engine checks resources one at a
 * time, so a check that reads a client's authorization waits for it before the next check
 * starts; with these, the provider reads the clients of the coming checks together, and each
 * check finds its client read. Whichever resource the engine checks first carries them, as its
 * order is not the program's. Check never returns it.
 */
export const PROGRAM_CLIENTS = "__programClients";

/** How many declarations a window of PROGRAM_CLIENTS covers. */
export const PREFETCH_WINDOW = 16;

/** The PROGRAM_CLIENTS value of the declaration at `index` of `declared` (the clients of a program, in order). */
export function clientsNear(declared: readonly string[], index: number): string {
  const start = Math.floor(index / PREFETCH_WINDOW) * PREFETCH_WINDOW;
  return declared.slice(start, start + 2 * PREFETCH_WINDOW).join(" ");
}

/** The client IDs in a PROGRAM_CLIENTS value; anything else in it is left to each resource's own check. */
export function programClients(value: unknown): ClientId[] {
  if (typeof value !== "string") return [];
  return value.split(" ").flatMap((v) => {
    if (isUuid(v)) return [clientIdOf(v)];
    const parsed = parseAuthorizationUrl(v);
    return typeof parsed === "string" ? [] : [parsed.clientId];
  });
}

/**
 * Which resource declares which client, as checked by one provider process (one deployment).
 * A client may be declared by one resource per stack: two owners would overwrite each other's
 * scopes on every run. A resource re-checked (a second pass of the same deployment) keeps its claim;
 * a resource that now declares another client gives up its previous one.
 */
export class Declarations {
  private readonly byClient = new Map<ClientId, string>();
  private readonly byResource = new Map<string, ClientId>();

  /** Records that `resource` declares `id`. Returns the other resource when one already declares it. */
  claim(id: ClientId, resource: string): string | undefined {
    const holder = this.byClient.get(id);
    if (holder !== undefined && holder !== resource) return holder;
    const previous = this.byResource.get(resource);
    if (previous !== undefined && previous !== id) this.byClient.delete(previous);
    this.byClient.set(id, resource);
    this.byResource.set(resource, id);
    return undefined;
  }
}
