/**
 * `genesys-emulator admin`: changes a grant as an administrator would in the admin UI (Admin >
 * Integrations > Authorized Applications), through the vendor API with an org client's token, so
 * that `pulumi refresh` finds a change made out of band. It is a client of the emulator over
 * HTTP, like any other.
 */
import { spawnSync } from "node:child_process";
import { Command } from "commander";
import { UsageError } from "../common/command-line";
import { terminalText } from "../common/text";

/** The demo org's "Org admin console" client: it stands in for a person in the admin UI. */
export const DEMO_ADMIN_CONSOLE = { id: "84a6f6e2-033e-565c-94df-42b30ee8f20d", secret: "ui-only-secret" };

/** What `admin` does: the grant's client, its scopes and roles (not for a revoke), and how to reach the emulator. */
export interface AdminRequest {
  action: "authorize" | "rescope" | "revoke";
  clientId: string;
  scopes: string[];
  roles: string[];
  url?: string;
  stack?: string;
  client?: string;
  secret?: string;
}

/** How `admin` reaches the emulator, and as whom. */
type Reach = Pick<AdminRequest, "url" | "stack" | "client" | "secret">;

/** The admin UI's three changes, as subcommands of `parent`: their arguments, flags and help. */
export function adminCommands(parent: Command, run: (request: AdminRequest) => Promise<void>): void {
  const admin = parent
    .command("admin")
    .summary("change a grant as an administrator in the admin UI would")
    .description(
      "Changes a grant as an administrator in the admin UI (Admin > Integrations > Authorized Applications) would, through the API with an org client's token, so that `pulumi refresh` finds a change made out of band.",
    )
    .addHelpText(
      "after",
      `\nExample, against the demo org:\n  genesys-emulator admin rescope cea70f27-901c-5085-a2d0-8fee5ace6ccd users:readonly routing:readonly\n`,
    );
  const common = (c: Command) =>
    c
      .option(
        "--url <URL>",
        "the emulator (default: genesyscloud:apiUrl of --stack, else GENESYSCLOUD_API_URL, else http://127.0.0.1:8787)",
      )
      .option("--stack <NAME>", "read genesyscloud:apiUrl from this stack's config (pulumi config, in this directory's Pulumi project)")
      .option("--client <ID>", `the org client to act as (default: the demo org's "Org admin console")`)
      .option("--secret <SECRET>", "its secret (with --client)");
  const roles = (c: Command) =>
    c.option("--role <ROLE_ID>", "a role of the grant (repeat for more)", (v: string, all: string[]) => [...all, v], []);
  for (const [action, summary] of [
    ["authorize", "authorize a client"],
    ["rescope", "set its scopes (and roles)"],
  ] as const) {
    roles(common(admin.command(action).summary(summary).description(summary)))
      .argument("<CLIENT_ID>", "the client's ID")
      .argument("<SCOPE...>", "the scopes to grant")
      .action((clientId: string, scopes: string[], { role, ...o }: Reach & { role: string[] }) =>
        run({ ...o, action, clientId, scopes, roles: role }),
      );
  }
  common(admin.command("revoke").summary("revoke it").description("revoke a client's authorization"))
    .argument("<CLIENT_ID>", "the client's ID")
    .action((clientId: string, o: Reach) => run({ ...o, action: "revoke", clientId, scopes: [], roles: [] }));
}

/** Makes the change, as the admin UI would, and says what the org answered on `out`. */
export async function admin(request: AdminRequest, env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const { action, clientId, scopes } = request;
  if ((request.client === undefined) !== (request.secret === undefined)) throw new UsageError("--client and --secret go together");
  const fromStack = request.url === undefined && request.stack !== undefined ? stackApiUrl(request.stack, env) : undefined;
  const base = (request.url ?? fromStack ?? env.GENESYSCLOUD_API_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
  const as = request.client ? { id: request.client, secret: request.secret! } : DEMO_ADMIN_CONSOLE;

  const login = await call(`${base}/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${as.id}:${as.secret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  const headers = { Authorization: `Bearer ${(login as { access_token: string }).access_token}`, "Content-Type": "application/json" };
  const path = `${base}/api/v2/oauth/authorizations/${encodeURIComponent(clientId)}`;
  if (action === "revoke") {
    await call(path, { method: "DELETE", headers });
    return out(`revoked the authorization of client ${clientId}`);
  }
  const body: { scope: string[]; roles?: string[] } = { scope: scopes };
  if (request.roles.length > 0) body.roles = request.roles;
  const a = (await call(path, { method: "PUT", headers, body: JSON.stringify(body) })) as {
    client?: { name?: string };
    scope?: string[];
    modifiedBy?: { name?: string };
  };
  out(
    `${action === "authorize" ? "authorized" : "re-scoped"} client ${JSON.stringify(terminalText(a.client?.name ?? clientId))} (${clientId}): scopes [${(a.scope ?? []).map(terminalText).join(", ")}], as ${JSON.stringify(terminalText(a.modifiedBy?.name ?? as.id))}`,
  );
}

/** The stack's `genesyscloud:apiUrl`, read with the pulumi CLI in this directory's project. */
function stackApiUrl(stack: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync("pulumi", ["config", "get", "genesyscloud:apiUrl", "--stack", stack, "--non-interactive"], { env, encoding: "utf8" });
  if (r.error || r.status !== 0) {
    const why = r.error ? "no pulumi CLI on PATH" : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`);
    throw new UsageError(
      `--stack ${stack}: cannot read genesyscloud:apiUrl with \`pulumi config get genesyscloud:apiUrl --stack ${stack}\` (${terminalText(why)}); run it in the Pulumi project's directory, or give the emulator's address with --url`,
    );
  }
  return r.stdout.trim();
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new Error(
      `no answer from ${new URL(url).origin} (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message}); is the emulator running there? Give its address with --url`,
      { cause: e },
    );
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`the org refused ${init.method} ${new URL(url).pathname}: ${refusal(res.status, text)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * The org's refusal in one sentence: the API's `message` and `code` (its ErrorBody), or the login's
 * `error_description` and `error`; the body itself, cut short, only when it is neither.
 */
function refusal(status: number, text: string): string {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: said as text below.
  }
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const message = str(body.message) ?? str(body.error_description) ?? str(body.description);
  const code = str(body.code) ?? str(body.error);
  if (message === undefined) return `${status}${text ? `, ${terminalText(text).slice(0, 200)}` : ""}`;
  return `${status} ${terminalText(code ?? "")}: ${terminalText(message)}`.replace(/ : /, ": ");
}
