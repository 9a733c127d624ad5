import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { openTestDb } from '../helpers/db.ts';
import { startInbound, bounceDomainOf } from '../../src/inbound/service.ts';
import { sendOne } from './smtp-client.ts';
import { SECRET } from './fixtures.ts';

describe('inbound service from the configuration', () => {
  it('defaults: receiver on, bounce domain bounces.<platform>, fbl@ accepted, others refused', async () => {
    const config = validateConfig({ platform: { domain: 'asso.example' }, inbound: { enabled: true, port: 0 } });
    assert.equal(config.inbound.port, 0);
    assert.equal(validateConfig({}).inbound.port, 2525);
    assert.equal(validateConfig({}).inbound.soft_bounce_threshold, 5);
    assert.equal(bounceDomainOf(config), 'bounces.asso.example');
    const db = await openTestDb('sqlite');
    const inbound = await startInbound({ config, storage: db.storage, secret: SECRET, logger: silentLogger() });
    try {
      const port = inbound.receiver!.address().port;
      const r = await sendOne(port, 'fbl@isp.example', ['fbl@bounces.asso.example', 'fbl@asso.example'], 'Subject: hello\r\n\r\nnot a report');
      assert.deepEqual(r.rcpt.map((x) => x.code), [250, 550]);
      assert.equal(r.data?.code, 250);
    } finally {
      await inbound.close();
      await db.dispose();
    }
  });
});
