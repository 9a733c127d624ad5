// What every area of the admin interface uses: the storage, the settings the pages need, the
// session checks (sign-in, CSRF, role) and the page helpers. An area is a function that adds its
// routes to the admin plugin with this kit (see `areas` in routes.ts); it owns a folder of its own
// (routes, pages, messages), so areas grow without touching each other.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../../storage/index.ts';
import type { AdminSession, AdminSessionRepository } from '../../storage/repositories/admin-sessions.ts';
import type { Tenant, UserRole } from '../../core/model.ts';
import type { Lang } from '../i18n/index.ts';
import type { GuardSettings } from '../../delivery/guard/index.ts';
import type { Resolver } from '../../lib/dns.ts';
import type { AdminPageContext } from './layout.ts';

export interface Auth {
  session: AdminSession;
  user: { id: number; tenantId: number | null; email: string; role: UserRole };
  tenant: Tenant | undefined;
  lang: Lang;
}

/** A signed-in member of an association's team (not a platform operator). */
export interface TenantAuth extends Auth {
  tenant: Tenant;
}

export interface AdminSettings {
  /** config server.public_url, without a trailing slash: links in mail (password reset…) start with it. */
  publicUrl: string;
  /** config platform.domain: Message-IDs, and the From domain of tenants without a verified one. */
  platformDomain: string;
  /** config platform.name, shown to people. */
  platformName: string;
  /** Platform HMAC secret; undefined in a test app without one (features needing it are off). */
  secret: string | undefined;
  /** Cookies get `Secure` (public_url is https). */
  secureCookies: boolean;
  /** The reputation guard's settings (config [guard]): canary for sends, warm-up and thresholds for the dashboard. */
  guard: GuardSettings;
  /** DNS of the sending-domain check (tests inject a StaticResolver; default: the system's, as `facteur domain check`). */
  resolver: Resolver;
  /** config [submission]: where applications log in with an SMTP credential (hostname empty: platform.domain). */
  submission: { enabled: boolean; hostname: string; port: number; tlsPort: number };
}

export interface TenantCheck {
  /** A POST: the form's `csrf` field must be the session's token (403 otherwise, nothing done). */
  post?: boolean;
  /** `admin`: editors get a 403 page (managing the team, keys, credentials, domain). */
  role?: 'admin';
}

export interface AdminKit {
  storage: Storage;
  settings: AdminSettings;
  sessions: AdminSessionRepository;
  now(): number;
  /** Sends an HTML page with a status. */
  page(reply: FastifyReply, status: number, body: string): FastifyReply;
  /** The page context of a path: language, and the session's CSRF token and identity when signed in. */
  ctxOf(path: string, lang: Lang, auth?: Auth): AdminPageContext;
  /** The session, or undefined after answering (redirect to sign-in; 403 on a POST without the CSRF token). */
  requireAuth(req: FastifyRequest, reply: FastifyReply, post?: boolean): Promise<Auth | undefined>;
  /**
   * The session of an association's team member, or undefined after answering: as requireAuth,
   * plus 404 for platform operators (tenant pages are not theirs) and 403 for an editor on an
   * admin-only page.
   */
  requireTenant(req: FastifyRequest, reply: FastifyReply, check?: TenantCheck): Promise<TenantAuth | undefined>;
  /** The interface's 404 page ("does not exist, or not your association's"). */
  notFound(reply: FastifyReply, auth: Auth): FastifyReply;
  /** A message page with a status (title and one paragraph). */
  message(reply: FastifyReply, status: number, auth: Auth | undefined, lang: Lang, title: string, text: string): FastifyReply;
  /** The parsed form of a POST (urlencoded or multipart text fields). */
  form(req: FastifyRequest): URLSearchParams;
  /** A positive integer id from a path parameter, or undefined. */
  id(raw: string): number | undefined;
}

export type AdminArea = (app: FastifyInstance, kit: AdminKit) => void | Promise<void>;
