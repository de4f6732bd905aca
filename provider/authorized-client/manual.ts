import { GenesysNotFoundError, OAuthAuthorization } from "../../genesys";
import { ClientId } from "./client-id";
import { ExpectedError } from "./errors";
import { Desired, manualChange, manualInstructions } from "./manual-steps";
import { OrgView } from "./org-view";

/**
 * How changes reach the org. `api`: the provider writes them (PUT / DELETE). `manual`: it never
 * writes; a person makes each change in the admin UI, following the provider's instructions, and
 * the provider checks the org (and, with a wait, polls it until the change is made).
 */
export type ApplyMode =
  | { mode: "api" }
  | {
      mode: "manual";
      /** The settings that chose manual mode, for messages. */
      setting: string;
      /** How long to poll the org for the change; 0 fails at once with the instructions. */
      waitMs: number;
      /** Time between two reads of the org while waiting. */
      pollMs: number;
      /** Shows the instructions while the provider waits (the provider's standard error). */
      notify: (text: string) => void;
      sleep: (ms: number) => Promise<void>;
      now: () => number;
    };

/** Manual apply needs a person: the error that asks for the change. */
export class ManualChangeNeeded extends ExpectedError {}

/**
 * Manual apply of one client: succeeds with what is live once the org holds `desired`, with no
 * write; otherwise fails with the instructions, or (with a wait) shows them and polls the org.
 */
export async function applyManually(
  view: OrgView,
  clientId: ClientId,
  desired: Desired,
  apply: Extract<ApplyMode, { mode: "manual" }>,
  first?: OAuthAuthorization,
): Promise<OAuthAuthorization | undefined> {
  const org = await view.org();
  const roles = desired.authorized && desired.roleIds.length ? await view.roles() : [];
  const read = async () => view.fresh(clientId).catch((e) => (e instanceof GenesysNotFoundError ? undefined : Promise.reject(e)));
  let live = first ?? (await read());
  let change = manualChange(clientId, live, desired, roles);
  if (!change) return live;
  const instructions = manualInstructions(change, org);
  const mode = `manual apply (${apply.setting}): the provider does not write to the org.`;
  if (apply.waitMs <= 0) {
    throw new ManualChangeNeeded(`${mode} Make this change, then run the command again:\n${instructions}`);
  }
  apply.notify(`pulumi-genesys-grants: ${mode} Waiting up to ${Math.round(apply.waitMs / 1000)} s for this change:\n${instructions}`);
  const deadline = apply.now() + apply.waitMs;
  while (apply.now() < deadline) {
    await apply.sleep(Math.min(apply.pollMs, Math.max(0, deadline - apply.now())));
    live = await read();
    change = manualChange(clientId, live, desired, roles);
    if (!change) return live;
  }
  throw new ManualChangeNeeded(
    `${mode} The change was not made within ${Math.round(apply.waitMs / 1000)} s. Make it, then run the command again:\n${manualInstructions(change, org)}`,
  );
}
