// GET /admin/assets/:file — the interface's own static files (assets/admin/ in the package): small
// same-origin scripts that enhance pages which already work without them. No build step: they
// are written as plain browser JavaScript and shipped as they are.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { packageRoot } from '../../lib/paths.ts';
import type { AdminKit } from './kit.ts';

const NAME = /^[a-z0-9][a-z0-9-]{0,63}\.(js|css)$/;
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export function assetsArea(app: FastifyInstance, kit: AdminKit): void {
  const dir = join(packageRoot(), 'assets', 'admin');
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>('/admin/assets/:file', async (req, reply) => {
    const name = req.params.file;
    const m = NAME.exec(name);
    let body = m ? cache.get(name) : undefined;
    if (m && !body) {
      body = await readFile(join(dir, name)).catch(() => undefined);
      if (body) cache.set(name, body);
    }
    if (!m || !body) {
      const auth = await kit.requireAuth(req, reply);
      return auth ? kit.notFound(reply, auth) : reply;
    }
    return reply.code(200).type(TYPES[m[1]!]!).header('cache-control', 'private, max-age=300').send(body);
  });
}
