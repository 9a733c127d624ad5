// `facteur tenant list --json` / `create --json` print tenants without their DKIM private keys
// (the domain assistant stores them in settings.dkim and settings.dkim_pending).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable } from '../../src/cli/commands/tenant.ts';
import type { Tenant } from '../../src/core/model.ts';

test('printed tenants keep their settings but not the DKIM private keys', () => {
  const key = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----';
  const t = {
    id: 1, slug: 'atelier', name: 'Atelier', status: 'active', statusReason: null, quotaHourly: null, quotaDaily: null, createdAt: 0,
    settings: { sending_domain: 'atelier.example', dkim: [{ domain: 'atelier.example', selector: 's1', privateKey: key }], dkim_pending: [{ domain: 'new.example', selector: 's2', privateKey: key }] },
  } as unknown as Tenant;
  const out = JSON.stringify(printable(t));
  assert.doesNotMatch(out, /PRIVATE KEY/);
  assert.deepEqual(printable(t).settings.dkim, [{ domain: 'atelier.example', selector: 's1', privateKey: '(hidden)' }]);
  assert.equal(printable(t).settings.sending_domain, 'atelier.example');
  assert.match(JSON.stringify(t), /PRIVATE KEY/, 'the tenant itself is not changed');
});
