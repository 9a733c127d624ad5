// The one error catalogue: stable codes, a default HTTP status and a message that says what was
// wrong and what to do. The core throws FacteurError; web/ maps it to application/problem+json
// (RFC 9457), the CLI prints `message` and `hint` on one line each. docs/errors.md lists them.

export interface ErrorSpec {
  status: number;
  title: string;
}

export const ERRORS = {
  ERR_CONFIG_INVALID: { status: 500, title: 'The configuration is invalid' },
  ERR_CONFIG_FILE: { status: 500, title: 'The configuration file cannot be read' },
  ERR_DB_UNREACHABLE: { status: 503, title: 'The database cannot be reached' },
  ERR_DB_MIGRATION: { status: 500, title: 'A database migration failed' },
  ERR_DATA_DIR: { status: 500, title: 'The data directory is not writable' },
  ERR_VALIDATION: { status: 400, title: 'The request is invalid' },
  ERR_UNAUTHENTICATED: { status: 401, title: 'Credentials are missing or wrong' },
  ERR_FORBIDDEN: { status: 403, title: 'These credentials do not allow this action' },
  ERR_NOT_FOUND: { status: 404, title: 'Not found' },
  ERR_CONFLICT: { status: 409, title: 'Conflict with the current state' },
  ERR_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  ERR_TENANT_NOT_FOUND: { status: 404, title: 'Tenant not found' },
  ERR_TENANT_EXISTS: { status: 409, title: 'A tenant with this slug already exists' },
  ERR_TENANT_SUSPENDED: { status: 403, title: 'The tenant is suspended' },
  ERR_USER_EXISTS: { status: 409, title: 'A user with this e-mail already exists' },
  ERR_CONTACT_NOT_FOUND: { status: 404, title: 'Contact not found' },
  ERR_LIST_NOT_FOUND: { status: 404, title: 'List not found' },
  ERR_CAMPAIGN_NOT_FOUND: { status: 404, title: 'Campaign not found' },
  ERR_CAMPAIGN_STATE: { status: 409, title: 'The campaign is not in a state that allows this' },
  ERR_MESSAGE_NOT_FOUND: { status: 404, title: 'Message not found' },
  ERR_INVALID_ADDRESS: { status: 400, title: 'The e-mail address is invalid' },
  ERR_MERGE_FIELD: { status: 400, title: 'The template uses a field that contacts do not have' },
  ERR_TEMPLATE_SYNTAX: { status: 400, title: 'The template has a malformed {{ … }} tag' },
  ERR_HEADER_INVALID: { status: 400, title: 'A header value is invalid (line break or control character)' },
  ERR_DKIM_KEY: { status: 400, title: 'The DKIM key cannot be used' },
  ERR_SEGMENT_NOT_FOUND: { status: 404, title: 'Segment not found' },
  ERR_APIKEY_NOT_FOUND: { status: 404, title: 'API key not found' },
  ERR_IMPORT_FORMAT: { status: 400, title: 'The file cannot be read as CSV' },
  ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  ERR_IDEMPOTENCY_CONFLICT: { status: 409, title: 'This Idempotency-Key was used for a different request' },
  ERR_WEBHOOK_NOT_FOUND: { status: 404, title: 'Webhook endpoint not found' },
  ERR_INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class FacteurError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** What the person should do about it. */
  readonly hint: string | undefined;
  /** Structured details (e.g. the offending field), safe to show to the caller. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FacteurError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.hint = options.hint;
    this.details = options.details;
  }
}

export function isFacteurError(e: unknown): e is FacteurError {
  return e instanceof FacteurError;
}
