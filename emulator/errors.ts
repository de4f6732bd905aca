/** The vendor's default code and message per status (Platform API x-inin-error-codes). */
const DEFAULTS: Record<number, [string, string]> = {
  400: ["bad.request", "The request could not be understood by the server due to malformed syntax."],
  401: ["authentication.required", "No authentication bearer token specified in authorization header."],
  403: ["not.authorized", "You are not authorized to perform the requested action."],
  404: ["not.found", "The requested resource was not found."],
  408: ["client.timeout", "The client did not produce a request within the server timeout limit."],
  409: ["request.conflict", "The request conflicts with the current state of the target resource."],
  413: ["request.entity.too.large", "Maximum bytes: 1048576"],
  415: [
    "unsupported.media.type",
    "Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.",
  ],
  429: ["too.many.requests.retry.after", "Rate limit exceeded the maximum. Retry the request in [1] seconds"],
  500: ["internal.server.error", "The server encountered an unexpected condition which prevented it from fulfilling the request."],
  501: ["not.implemented", "The requested operation is not implemented."],
  502: ["bad.gateway", "The server received an invalid response from an upstream server."],
  503: [
    "service.unavailable",
    "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).",
  ],
  504: ["request.timeout", "The request timed out."],
};

export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId: string;
  details: unknown[];
  errors: unknown[];
}

/** A vendor-shaped error; thrown by handlers, rendered by the server's error handler. */
export class VendorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly messageParams?: Record<string, string>,
  ) {
    super(message);
  }

  static of(status: number, message?: string, code?: string): VendorError {
    const [defCode, defMessage] = DEFAULTS[status] ?? [`http.${status}`, `HTTP ${status}`];
    return new VendorError(status, code ?? defCode, message ?? defMessage);
  }

  body(contextId: string): ErrorBody {
    const body: ErrorBody = {
      message: this.message,
      code: this.code,
      status: this.status,
      contextId,
      details: [],
      errors: [],
    };
    if (this.messageParams) body.messageParams = this.messageParams;
    return body;
  }
}

export const errors = {
  notFound: (what = "The requested resource was not found.") => new VendorError(404, "not.found", what),
  clientNotFound: () => new VendorError(404, "client.not.found", "Client was not found."),
  missingAnyPermission: (permissions: string[]) =>
    new VendorError(
      403,
      "missing.any.permissions",
      `Unable to perform the requested action. You must have at least one of the following permissions assigned: [${permissions.join(", ")}]`,
      {},
      { permissions: permissions.join(", ") },
    ),
  authenticationRequired: () =>
    new VendorError(401, "authentication.required", "No authentication bearer token specified in authorization header."),
  badCredentials: () => new VendorError(401, "bad.credentials", "Invalid login credentials."),
  invalidValue: (message: string) => new VendorError(400, "invalid.value", message),
  constraint: (message: string) => new VendorError(400, "constraint.validation", message),
  badRequest: () => VendorError.of(400),
  rateLimited: (retryAfterSeconds: number) =>
    new VendorError(
      429,
      "too.many.requests.retry.after",
      `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
      { "Retry-After": String(retryAfterSeconds) },
    ),
};

/** Login-host errors have their own shape: {error, description, error_description}. */
export class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }

  body() {
    return { error: this.error, description: this.description, error_description: this.description };
  }
}
