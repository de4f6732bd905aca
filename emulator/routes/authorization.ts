import { FastifyInstance } from "fastify";
import { requireAny } from "../auth";
import { EmulatorContext, callerOf } from "../context";
import { VendorError, errors } from "../errors";
import { roleView } from "../views";

const ROLE_VIEW = ["authorization:role:view"];
const MAX_ROLE_IDS = 100;
const MAX_PAGE_SIZE = 500;

/** Accepts both array encodings: repeated (`id=a&id=b`, JS SDK) and comma-joined (`id=a,b`, Go SDK). */
export function arrayParam(value: unknown): string[] {
  if (value === undefined) return [];
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .flatMap((v) => String(v).split(","))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function intParam(name: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(Array.isArray(value) ? value[0] : value);
  if (!Number.isInteger(n) || n < 1) {
    throw new VendorError(
      400,
      "invalid.query.param.value",
      `Value [${value}] is not valid for parameter [${name}]. Allowable values are: a positive integer`,
    );
  }
  return Math.min(n, max);
}

/** Roles (Platform API "Authorization" tag). */
export function authorizationRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Querystring: Record<string, unknown> }>("/api/v2/authorization/roles", async (req) => {
    const caller = callerOf(ctx, req);
    requireAny(caller, ROLE_VIEW);
    const q = req.query;
    const ids = arrayParam(q.id);
    if (ids.length > MAX_ROLE_IDS) throw new VendorError(400, "max.role.ids", "Only 100 roles can be requested at a time.");
    const pageSize = intParam("pageSize", q.pageSize, 25, MAX_PAGE_SIZE);
    const pageNumber = intParam("pageNumber", q.pageNumber, 1, Number.MAX_SAFE_INTEGER);
    const names = arrayParam(q.name).map((n) => n.toLowerCase());
    const permissions = arrayParam(q.permission);
    const matching = caller.org.roles
      .filter((r) => ids.length === 0 || ids.some((id) => id.toLowerCase() === r.id.toLowerCase()))
      // Modelled: the vendor does not document `name`; a case-insensitive substring match.
      .filter((r) => names.length === 0 || names.some((n) => r.name.toLowerCase().includes(n)))
      .filter((r) => permissions.length === 0 || permissions.some((p) => r.permissions.includes(p)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const total = matching.length;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const entities = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(roleView);
    const filters = [
      ...ids.map((id) => `id=${encodeURIComponent(id)}`),
      ...arrayParam(q.name).map((n) => `name=${encodeURIComponent(n)}`),
      ...permissions.map((p) => `permission=${encodeURIComponent(p)}`),
    ];
    const uri = (n: number) => `/api/v2/authorization/roles?${[`pageSize=${pageSize}`, `pageNumber=${n}`, ...filters].join("&")}`;
    const listing: Record<string, unknown> = {
      entities,
      pageSize,
      pageNumber,
      total,
      pageCount,
      firstUri: uri(1),
      selfUri: uri(pageNumber),
      lastUri: uri(pageCount),
    };
    if (pageNumber < pageCount) listing.nextUri = uri(pageNumber + 1);
    if (pageNumber > 1) listing.previousUri = uri(Math.min(pageNumber - 1, pageCount));
    return listing;
  });

  app.get<{ Params: { roleId: string } }>("/api/v2/authorization/roles/:roleId", async (req) => {
    const caller = callerOf(ctx, req);
    requireAny(caller, ROLE_VIEW);
    const role = caller.org.role(req.params.roleId);
    if (!role) throw errors.notFound();
    return roleView(role);
  });
}
