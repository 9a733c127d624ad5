// Authentication, rate limit and scope for /api/v1, in that order, before the body is read:
// `Authorization: Bearer fct_…` → the key's tenant (401, one response for missing, malformed,
// unknown, wrong or revoked keys: no oracle) → per-key token bucket (429 + Retry-After) → the
// route's declared scope (403). Suspended tenants get 403 on every call.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseApiKey, secretMatches } from '../../core/auth/apikey.ts';
import { FacteurError } from '../../core/errors.ts';
import type { Storage } from '../../storage/index.ts';
import type { TokenBuckets } from './rate-limit.ts';

/** last_used_at is written at most this often per key, not on every call. */
const TOUCH_EVERY_MS = 60_000;

function unauthenticated(): FacteurError {
  return new FacteurError('ERR_UNAUTHENTICATED', 'missing or invalid API key', {
    hint: 'send "Authorization: Bearer fct_…" with a key from `facteur apikey create`; a revoked key must be replaced',
  });
}

export function authHook(storage: Storage, buckets: TokenBuckets) {
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const meta = req.routeOptions.config.api;
    if (!meta || meta.public) return;
    reply.header('www-authenticate', 'Bearer realm="facteur"');
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const parsed = m ? parseApiKey(m[1]!) : undefined;
    if (!parsed) throw unauthenticated();
    const key = await storage.repos.apiKeys.findActiveByPrefix(parsed.prefix);
    if (!key || !secretMatches(parsed.secret, key.secretHash)) throw unauthenticated();
    const tenant = await storage.repos.tenants.get(key.tenantId);
    if (!tenant) throw unauthenticated();
    reply.removeHeader('www-authenticate');

    const wait = buckets.take(`key:${key.id}`);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new FacteurError('ERR_RATE_LIMITED', `this API key is making requests too fast; retry in ${wait} s`, {
        hint: 'slow down, or send several contacts per request with POST /api/v1/contacts/bulk',
        details: { retry_after: wait },
      });
    }
    if (tenant.status === 'suspended') {
      throw new FacteurError('ERR_TENANT_SUSPENDED', `the tenant "${tenant.slug}" is suspended${tenant.statusReason ? `: ${tenant.statusReason}` : ''}`, {
        hint: 'contact the operator of this facteur',
      });
    }
    if (meta.scope && !key.scopes.includes(meta.scope)) {
      throw new FacteurError('ERR_FORBIDDEN', `this API key lacks the "${meta.scope}" scope`, {
        hint: `create a key with --scopes including ${meta.scope} (facteur apikey create)`,
        details: { required_scope: meta.scope },
      });
    }
    if (key.lastUsedAt === null || storage.clock.now() - key.lastUsedAt > TOUCH_EVERY_MS) await storage.repos.apiKeys.touch(key.tenantId, key.id);
    req.apiCaller = { tenant, key };
  };
}
