// The guard's pure judges: slice size and spread, the slice verdict, tenant rates, warm-up math.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sliceSize, pickSlice, judgeSlice, judge, dailyAllowance, cleanDay, expectedDrain, DEFAULT_GUARD, DAY_MS } from '../../../src/delivery/guard/index.ts';
import type { SliceRow } from '../../../src/storage/index.ts';

const C = DEFAULT_GUARD.canary;

describe('canary slice', () => {
  it('is 2 % with a floor of 50 and a cap of 500; none for small campaigns', () => {
    assert.equal(sliceSize(40, C), 0);
    assert.equal(sliceSize(50, C), 0);
    assert.equal(sliceSize(51, C), 50);
    assert.equal(sliceSize(5000, C), 100);
    assert.equal(sliceSize(100_000, C), 500);
    assert.equal(sliceSize(5000, { ...C, enabled: false }), 0);
  });

  it('is spread across domains in proportion, evenly within each', () => {
    const rows = [
      ...Array.from({ length: 600 }, (_, i) => ({ id: i + 1, domain: 'gmail.com' })),
      ...Array.from({ length: 300 }, (_, i) => ({ id: 1000 + i, domain: 'orange.fr' })),
      ...Array.from({ length: 100 }, (_, i) => ({ id: 2000 + i, domain: 'asso.example' })),
    ];
    const ids = pickSlice(rows, 50);
    assert.equal(ids.length, 50);
    assert.equal(new Set(ids).size, 50);
    assert.equal(ids.filter((id) => id < 1000).length, 30);
    assert.equal(ids.filter((id) => id >= 1000 && id < 2000).length, 15);
    assert.equal(ids.filter((id) => id >= 2000).length, 5);
    assert.ok(Math.max(...ids.filter((id) => id < 1000)) > 500, 'not just the first rows of a domain');
  });
});

const row = (id: number, state: string, reason: string | null = null, attempts = state === 'queued' ? 0 : 1): SliceRow => ({ id, recipient: `m${id}@x.example`, state, attempts, reason, lastCode: reason ? 550 : 250, lastResponse: reason });

describe('slice verdict', () => {
  it('waits while the slice is in flight, passes when settled and clean', () => {
    const rows = [...Array.from({ length: 95 }, (_, i) => row(i, 'delivered')), ...Array.from({ length: 5 }, (_, i) => row(100 + i, 'queued'))];
    assert.equal(judgeSlice(rows, 0.1).decision, 'wait');
    rows.splice(95, 5, ...Array.from({ length: 5 }, (_, i) => row(100 + i, 'bounced', 'userunknown')));
    const v = judgeSlice(rows, 0.1);
    assert.equal(v.decision, 'pass');
    assert.equal(v.hardBounces, 5);
  });

  it('pauses as soon as hard bounces exceed the threshold of the whole slice, listing them', () => {
    const rows = [...Array.from({ length: 11 }, (_, i) => row(i, 'bounced', 'userunknown')), ...Array.from({ length: 89 }, (_, i) => row(100 + i, 'queued'))];
    const v = judgeSlice(rows, 0.1);
    assert.equal(v.decision, 'pause');
    assert.equal(v.reason, 'hard_bounces');
    assert.equal(v.offenders.length, 11);
    assert.equal(v.offenders[0]!.address, 'm0@x.example');
  });

  it('pauses at the first blocklist or reputation refusal', () => {
    const rows = [row(1, 'bounced', 'blocked'), ...Array.from({ length: 60 }, (_, i) => row(10 + i, 'delivered'))];
    const v = judgeSlice(rows, 0.1);
    assert.equal(v.decision, 'pause');
    assert.equal(v.reason, 'blocklisted');
  });

  it('does not count sender-side refusals (content) as hard bounces', () => {
    const rows = [...Array.from({ length: 20 }, (_, i) => row(i, 'bounced', 'spamdetected')), ...Array.from({ length: 80 }, (_, i) => row(100 + i, 'delivered'))];
    assert.equal(judgeSlice(rows, 0.1).hardBounces, 0);
  });
});

describe('tenant rates', () => {
  it('are judged only from min_sends on, warn then pause', () => {
    assert.equal(judge({ sent: 199, hardBounces: 100, complaints: 10 }, DEFAULT_GUARD).level, 'insufficient');
    assert.equal(judge({ sent: 1000, hardBounces: 19, complaints: 0 }, DEFAULT_GUARD).level, 'ok');
    assert.equal(judge({ sent: 1000, hardBounces: 20, complaints: 0 }, DEFAULT_GUARD).level, 'warn');
    assert.equal(judge({ sent: 1000, hardBounces: 50, complaints: 0 }, DEFAULT_GUARD).level, 'pause');
    assert.equal(judge({ sent: 1000, hardBounces: 0, complaints: 1 }, DEFAULT_GUARD).level, 'warn');
    const v = judge({ sent: 1000, hardBounces: 0, complaints: 3 }, DEFAULT_GUARD);
    assert.equal(v.level, 'pause');
    assert.match(v.reasons[0]!, /complaint rate 0\.3 % ≥ pause threshold 0\.3 %/);
  });
});

describe('warm-up', () => {
  const W = DEFAULT_GUARD.warmup;
  it('starts at 200 and doubles per clean day, up to the daily quota', () => {
    assert.deepEqual([0, 1, 2, 3].map((d) => dailyAllowance({ cleanDays: d, completed: false }, W, null)), [200, 400, 800, 1600]);
    assert.equal(dailyAllowance({ cleanDays: 10, completed: false }, W, 5000), 5000);
    assert.equal(dailyAllowance({ cleanDays: 1, completed: true }, W, null), Infinity);
    assert.equal(dailyAllowance(null, W, 3000), 3000);
  });
  it('counts a day clean only with sends and rates under the warn thresholds', () => {
    assert.equal(cleanDay({ sent: 0, hardBounces: 0, complaints: 0 }, DEFAULT_GUARD), false);
    assert.equal(cleanDay({ sent: 200, hardBounces: 3, complaints: 0 }, DEFAULT_GUARD), true);
    assert.equal(cleanDay({ sent: 200, hardBounces: 4, complaints: 0 }, DEFAULT_GUARD), false);
  });
  it('estimates when waiting mail will have gone', () => {
    const now = 10 * DAY_MS + 3_600_000;
    assert.equal(expectedDrain(now, 100, 200, { cleanDays: 0, completed: false }, W, null), now);
    assert.equal(expectedDrain(now, 1000, 0, { cleanDays: 0, completed: false }, W, null), 12 * DAY_MS); // 400 then 800
  });
});
