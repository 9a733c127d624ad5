// The error catalogue and its documentation cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERRORS, FacteurError } from '../../src/core/errors.ts';

test('docs/errors.md lists every error code with its status', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  for (const [code, spec] of Object.entries(ERRORS)) {
    assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${spec.status} \\|`), `${code} is documented`);
  }
});

test('a FacteurError carries its code, status and hint', () => {
  const e = new FacteurError('ERR_LIST_NOT_FOUND', 'list 3 does not exist', { hint: 'list lists' });
  assert.equal(e.status, 404);
  assert.equal(e.code, 'ERR_LIST_NOT_FOUND');
  assert.equal(e.hint, 'list lists');
});
