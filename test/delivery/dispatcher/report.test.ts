// A later report (DSN, feedback loop) that a receiver refused *us* slows that site down, and
// only that site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingServer, testDispatcher, message } from './servers.ts';
import { StaticResolver } from '../../../src/lib/dns.ts';

test('reportSenderProblem throttles the reported site and leaves the others alone', async () => {
  const server = await recordingServer();
  const resolver = new StaticResolver({
    'blocked.example': { MX: [{ exchange: 'mx.blocked.example', priority: 10 }] },
    'fine.example': { MX: [{ exchange: 'mx.fine.example', priority: 10 }] },
  });
  const d = testDispatcher({ routes: { '*': `127.0.0.1:${server.port}` }, resolver });
  try {
    for (const to of ['a@blocked.example', 'b@fine.example']) {
      const r = await d.send({ deliveryId: to, from: 'bounces@facteur.test', to, message: message(1) });
      assert.equal(r.outcome, 'delivered');
    }
    const blocked = (await d.resolve('blocked.example')) as { site: string };
    const fine = (await d.resolve('fine.example')) as { site: string };
    const before = d.siteStatus(blocked.site)!;
    assert.equal(await d.reportSenderProblem('blocked.example', 'blocked'), blocked.site);
    const after = d.siteStatus(blocked.site)!;
    assert.equal(after.throttleLevel, before.throttleLevel + 1);
    assert.ok(after.maxConnections < before.maxConnections);
    assert.equal(d.siteStatus(fine.site)!.throttleLevel, 0);
    assert.equal(await d.reportSenderProblem('unknown.example', 'blocked'), null, 'nothing to slow down where nothing is sent');
  } finally {
    await d.close();
    await server.close();
  }
});
