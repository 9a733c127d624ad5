// Shared driver of the check-params suites: for one route, 401 without a key and with a wrong,
// malformed or revoked key (one identical answer), 403 for a key without the scope, and 400 on
// malformed input with the field named.
import assert from 'node:assert/strict';
import type { ApiFixture, WireProblem } from '../../helpers/api-client.ts';

export async function expectAuthChecks(f: ApiFixture, method: string, path: string, scope: 'read' | 'write', body?: unknown): Promise<void> {
  const answers = [];
  for (const key of [undefined, 'fct_AAAAAAAA_wrongwrongwrongwrongwrong', 'not-a-key', f.keys.revoked, f.keys.all.slice(0, -2) + 'xx']) {
    const r = await f.client.as(key).call<WireProblem>(method, path, { body });
    assert.equal(r.status, 401, `${method} ${path} with key ${key}: ${r.text}`);
    assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    answers.push(r.text);
  }
  assert.equal(new Set(answers).size, 1, 'the same 401 whatever is wrong with the key');
  if (scope === 'write') {
    const r = await f.client.as(f.keys.read).call<WireProblem>(method, path, { body });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.code, 'ERR_FORBIDDEN');
  }
}

export async function expect400(f: ApiFixture, method: string, path: string, body: unknown, field: string): Promise<void> {
  const r = await f.client.call<WireProblem>(method, path, { body });
  assert.equal(r.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${r.text}`);
  assert.equal(r.body.field, field, r.text);
}

export async function expect404(f: ApiFixture, method: string, path: string, body?: unknown): Promise<void> {
  const r = await f.client.call<WireProblem>(method, path, { body });
  assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
}
