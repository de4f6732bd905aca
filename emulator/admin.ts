/**
 * `genesys-emulator admin`: changes a grant as an administrator would in the admin UI (Admin >
 * Integrations > Authorized Applications), through the vendor API with an org client's token, so
 * that `pulumi refresh` finds a change made out of band. It is a client of the emulator over
 * HTTP, like any other.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { terminalText } from "../common/text";

/** The demo org's "Org admin console" client: it stands in for a person in the admin UI. */
export const DEMO_ADMIN_CONSOLE = { id: "84a6f6e2-033e-565c-94df-42b30ee8f20d", secret: "ui-only-secret" };

export const ADMIN_USAGE = `genesys-emulator admin: change a grant as an administrator in the admin UI would

Usage:
  genesys-emulator admin authorize CLIENT_ID SCOPE... [--role ROLE_ID]...   authorize a client
  genesys-emulator admin rescope CLIENT_ID SCOPE... [--role ROLE_ID]...     set its scopes (and roles)
  genesys-emulator admin revoke CLIENT_ID                                   revoke it

  --url URL          the emulator (default: the stack's genesyscloud:apiUrl with --stack, else
                     GENESYSCLOUD_API_URL, else http://127.0.0.1:8787)
  --stack NAME       read genesyscloud:apiUrl from this stack's config (pulumi config, in this
                     directory's Pulumi project)
  --client ID        the org client to act as (default: the demo org's "Org admin console")
  --secret SECRET    its secret

Example, against the demo org:
  genesys-emulator admin rescope cea70f27-901c-5085-a2d0-8fee5ace6ccd users:readonly routing:readonly
`;

export class AdminUsageError extends Error {}

export async function admin(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      stack: { type: "string" },
      client: { type: "string" },
      secret: { type: "string" },
      role: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return out(ADMIN_USAGE.trimEnd());
  const [action, clientId, ...scopes] = positionals;
  if (!["authorize", "rescope", "revoke"].includes(action ?? ""))
    throw new AdminUsageError(
      `admin takes authorize, rescope or revoke, not ${JSON.stringify(action ?? "")}; run genesys-emulator admin --help`,
    );
  if (!clientId) throw new AdminUsageError(`admin ${action} needs the CLIENT_ID`);
  if (action === "revoke" && scopes.length > 0) throw new AdminUsageError("admin revoke takes the CLIENT_ID alone");
  if (action !== "revoke" && scopes.length === 0) throw new AdminUsageError(`admin ${action} needs at least one SCOPE after the CLIENT_ID`);
  if ((values.client === undefined) !== (values.secret === undefined)) throw new AdminUsageError("--client and --secret go together");
  const fromStack = values.url === undefined && values.stack !== undefined ? stackApiUrl(values.stack, env) : undefined;
  const base = (values.url ?? fromStack ?? env.GENESYSCLOUD_API_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
  const as = values.client ? { id: values.client, secret: values.secret! } : DEMO_ADMIN_CONSOLE;

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
  if (values.role) body.roles = values.role;
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
    throw new AdminUsageError(
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
  if (!res.ok) throw new Error(`${init.method} ${new URL(url).pathname} answered ${res.status}: ${terminalText(text).slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}
