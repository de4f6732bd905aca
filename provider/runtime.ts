/**
 * The provider's implementation, loaded with `require("pulumi-genesys-grants/runtime")` inside
 * each method of the serialized provider (provider.ts). It runs in the dynamic-provider process,
 * which serves one stack: the settings are resolved once, and one HTTP client and one view of
 * the org serve every resource.
 */
import { diffAuthorizedClient } from "./authorized-client/diff";
import { ClientId, clientIdOf } from "./authorized-client/client-id";
import { DECLARED_AS, Declarations, PROGRAM_CLIENTS, programClients } from "./authorized-client/declarations";
import {
  createAuthorization,
  deleteAuthorization,
  PartialFailure,
  readAuthorization,
  updateAuthorization,
} from "./authorized-client/lifecycle";
import { recordedOrg } from "./authorized-client/org";
import { OrgView } from "./authorized-client/org-view";
import {
  AuthorizedClientOutputs,
  CheckedInputs,
  CheckFailure,
  EXISTING_GRANT,
  ExistingGrant,
  UNCHECKED,
  UncheckedGrant,
} from "./authorized-client/types";
import { warn } from "./engine-log";
import { engineStillRuns, EngineWatch, watchEngine } from "./engine-watch";
import { pulumiInert, terminalText } from "../common/text";
import { ExpectedError } from "./authorized-client/errors";
import { ApplyMode } from "./authorized-client/manual";
import { fromStoredInputs, StoredInputs, toStoredInputs, toStoredSet, withSetsAsArrays } from "./authorized-client/stored-set";
import { describeRetry, GenesysClient, isGenesysApiError } from "../genesys";
import { clientOptions, expectedDomain, ProviderSettings, readConfigValues, resolveSettings, SettingsError } from "./settings";

/** The engine watch of this process: started with the first call from the engine. */
let watch: EngineWatch | undefined;

/**
 * When the engine that started this process is gone (its run was killed), nothing may reach the
 * org any more: the process exits at once, its waits and retries with it.
 */
function watchTheEngine(): void {
  watch ??= watchEngine((address) => {
    console.error(
      `pulumi-genesys-grants: the Pulumi engine at ${address} is gone (its run was stopped); the provider exits without another request`,
    );
    process.exit(70);
  });
}

/**
 * Pulumi's dynamic-provider host logs every error a method throws to standard error, as
 * `${error}: ${error.stack}`, which the CLI shows under the stack, before the engine shows the
 * same message under the resource. A failure the user can act on is said once, under the
 * resource: its logged copy is recognised by its exact text and dropped. console.error is left as
 * it is, but for that moment: it is wrapped as such an error leaves a method, and given back once
 * the host has logged the copy, or at the next turn of the event loop at the latest.
 */
const awaited = new Set<string>();
let original: typeof console.error | undefined;

function sayOnce(e: Error): void {
  e.message = engineText(e.message);
  e.stack = "";
  awaited.add(`${e}: `);
  if (original) return;
  const log = (original = console.error);
  const giveBack = () => {
    if (console.error === wrapper) console.error = log;
    original = undefined;
    awaited.clear();
  };
  const wrapper = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && awaited.delete(args[0])) {
      if (awaited.size === 0) giveBack();
      return;
    }
    log.apply(console, args);
  };
  console.error = wrapper;
  // The host logs in the catch that the method's rejection runs, before the next turn of the
  // event loop: by then console.error is given back, whether the copy came or not.
  setImmediate(giveBack);
}

/**
 * Runs a provider method. A failure the user can act on (a setting, the org's answer, another
 * org, a declaration) reads as its message alone, once, without a JavaScript trace; a bug keeps
 * its trace.
 */
async function method<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ExpectedError || e instanceof SettingsError || e instanceof PartialFailure || isGenesysApiError(e)) sayOnce(e);
    throw e;
  }
}

/**
 * A failure as the engine prints it. The engine shows a property's value beside its path, looked
 * up by the whole path as one key (`scopes[0]` finds nothing: `value {<nil>}`), so the property
 * goes into the reason, with the member the reason names: `scopes: "x" is not a scope…`.
 */
function forEngine(f: CheckFailure): CheckFailure {
  const reason = f.property === "" ? f.reason : `${f.property.replace(/^(scopes|roles)\[\d+\]$/, "$1")}: ${f.reason}`;
  return { property: "", reason: engineText(reason) };
}

/** Every line the provider hands the engine goes through one boundary: terminal text, then Pulumi-inert. */
const engineText = (s: string) => pulumiInert(terminalText(s));

/**
 * One provider process, as the engine drives it: the `genesyscloud:*` stack config from configure,
 * the settings and the view of the org built on first use, and what this deployment declared,
 * created and warned of. The process serves one stack, so it holds one (below); a test makes a
 * new one for each provider process it plays.
 */
export class ProviderProcess {
  /** The `genesyscloud:*` stack config, set by configure. */
  private configured: Record<string, string> | undefined;
  private session: { settings: ProviderSettings; view: OrgView; apply: ApplyMode } | undefined;
  /** The clients declared in this deployment, by resource. */
  private readonly declarations = new Declarations();
  /** The clients whose grant a resource created or took over in this deployment. */
  private readonly created = new Set<ClientId>();
  /** The clients whose live grant check has warned of in this deployment. */
  private readonly warned = new Set<ClientId>();

  async configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
    watchTheEngine();
    this.configured = readConfigValues((key) => req.config.get(key));
    this.session = undefined;
  }

  /** Settings (stack config, then environment) and the org view, built on first use. */
  private current(): { settings: ProviderSettings; view: OrgView; apply: ApplyMode } {
    watchTheEngine();
    if (!this.session) {
      const settings = resolveSettings({ config: this.configured ?? {}, env: process.env });
      const api = new GenesysClient({
        ...clientOptions(settings),
        userAgent: "pulumi-genesys-grants (Pulumi dynamic provider)",
        // The provider process's standard error is shown by the Pulumi CLI under the stack, as the
        // run goes: the most visible channel a dynamic provider has.
        onRetry: (i) => console.error(`pulumi-genesys-grants: ${describeRetry(i)}`),
        // A write goes only while its engine runs: a run killed meanwhile sends nothing more.
        beforeWrite: () => engineStillRuns(),
      });
      const apply: ApplyMode =
        settings.applyMode === "manual"
          ? {
              mode: "manual",
              setting: settings.set.applyMode!.setting,
              waitMs: settings.manualWaitSeconds * 1000,
              pollMs: settings.manualPollSeconds * 1000,
              notify: (text) => console.error(text),
              sleep: api.options.sleep,
              now: api.options.now,
            }
          : { mode: "api" };
      this.session = { settings, view: new OrgView(api, settings.orgPin, settings.names.orgWords), apply };
    }
    return this.session;
  }

  /**
   * Check validates the program's inputs and returns them normalized, in the shape the engine
   * stores: scopes and roles as sets keyed by member (stored-set.ts), so that Pulumi's own diff of
   * two runs' inputs shows each added and removed member. The other methods take either shape.
   */
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs?: StoredInputs; failures: CheckFailure[] }> {
    return method(() => this.checkResource(olds, news));
  }

  private async checkResource(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ inputs?: StoredInputs; failures: CheckFailure[] }> {
    const { settings, view, apply } = this.current();
    const declaredAs = news[DECLARED_AS];
    // Each resource names the clients declared near it: those not yet on their way are read now,
    // 16 at a time, instead of one per check as the engine checks one resource at a time.
    if (news[PROGRAM_CLIENTS] !== undefined) view.prefetch(programClients(news[PROGRAM_CLIENTS]));
    // Loaded on the first check only (it brings the JSON Schema validator): refresh and destroy
    // never check, and start sooner without it.
    const { checkAuthorizedClient } = await import("./authorized-client/check");
    const result = await checkAuthorizedClient(withSetsAsArrays(news), {
      region: settings.region,
      originSetting: settings.names.origin,
      expectedDomain: expectedDomain(settings),
      view,
      olds,
      declarations: this.declarations,
      resource: typeof declaredAs === "string" ? declaredAs : undefined,
      apply,
    });
    if (!result.inputs) return { failures: result.failures.map(forEngine) };
    const inputs: StoredInputs & { [EXISTING_GRANT]?: ExistingGrant; [UNCHECKED]?: UncheckedGrant } = toStoredInputs(result.inputs);
    if (result.unchecked) {
      if (!this.warned.has(result.inputs.clientId)) {
        this.warned.add(result.inputs.clientId);
        await warn(result.unchecked.message);
      }
      inputs[UNCHECKED] = result.unchecked;
    }
    if (result.existing) {
      // Once per deployment and client: the engine may check a resource twice.
      if (!this.warned.has(result.inputs.clientId)) {
        this.warned.add(result.inputs.clientId);
        await warn(result.existing.message);
      }
      inputs[EXISTING_GRANT] = result.existing;
    }
    return { inputs, failures: [] };
  }

  diff(id: string, olds: AuthorizedClientOutputs, news: StoredInputs | CheckedInputs) {
    return method(async () => {
      // Check has compared the org already; this guards states whose outputs alone record it.
      if (recordedOrg(olds)) await this.current().view.sameOrgAs(olds, `client ${olds.clientId ?? id}`);
      return diffAuthorizedClient(olds, fromStoredInputs(news));
    });
  }

  create(stored: StoredInputs | CheckedInputs) {
    return method(async () => {
      const { view, apply } = this.current();
      const inputs = fromStoredInputs(stored);
      const result = await createAuthorization(view, inputs, apply);
      this.created.add(inputs.clientId);
      return result;
    });
  }

  read(id: string, props: AuthorizedClientOutputs) {
    return method(() => this.readResource(id, props));
  }

  private async readResource(id: string, props: AuthorizedClientOutputs) {
    const outs = await readAuthorization(this.current().view, { ...props, clientId: clientIdOf(props.clientId ?? id) });
    if (!outs) return { id: "", props: {} };
    // The inputs as check would have stored them for a program declaring what the org holds.
    const inputs: Record<string, unknown> = {
      clientId: outs.clientId,
      scopes: toStoredSet(outs.scopes),
      roles: toStoredSet(outs.roles),
      onExisting: outs.onExisting,
      orgId: outs.orgId,
      orgName: outs.orgName,
    };
    if (outs.authorizationUrl !== undefined) {
      inputs.authorizationUrl = outs.authorizationUrl;
      delete inputs.clientId;
    }
    return { id, props: outs, inputs };
  }

  update(_id: string, olds: AuthorizedClientOutputs, news: StoredInputs | CheckedInputs) {
    return method(async () => ({
      outs: await updateAuthorization(this.current().view, olds, fromStoredInputs(news), this.current().apply),
    }));
  }

  /**
   * Revoke, unless a resource of this deployment has just created or taken over the client's grant
   * (the client moved to a new resource, or a forced replacement): it is the same grant, and
   * revoking it would take it away from that resource.
   */
  remove(id: string, props: AuthorizedClientOutputs): Promise<void> {
    return method(async () => {
      const clientId = clientIdOf(props.clientId ?? id);
      if (this.created.has(clientId)) return;
      await deleteAuthorization(this.current().view, { ...props, clientId }, this.current().apply);
    });
  }
}

/** The provider process's one session; the serialized provider calls these by package name. */
const process_ = new ProviderProcess();
export const configure = process_.configure.bind(process_);
export const check = process_.check.bind(process_);
export const diff = process_.diff.bind(process_);
export const create = process_.create.bind(process_);
export const read = process_.read.bind(process_);
export const update = process_.update.bind(process_);
export const remove = process_.remove.bind(process_);
