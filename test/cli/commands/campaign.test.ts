// facteur campaign create|send|status as an operator runs them, on a SQLite data directory.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.ts';

it('creates a campaign from Markdown, sends it, reports per state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-campaign-'));
  try {
    const env = { FACTEUR_PLATFORM__DOMAIN: 'facteur.test', FACTEUR_LOG__LEVEL: 'silent' };
    const run = (...args: string[]) => runCli(args, { cwd: dir, env });
    assert.equal(run('tenant', 'create', '--slug', 'velo', '--name', 'Atelier vélo').code, 0);
    writeFileSync(join(dir, 'membres.csv'), 'Courriel;Prénom\nanne@example.org;Anne\nbruno@example.org;Bruno\n');
    const imp = run('import', 'membres.csv', '--tenant', 'velo', '--list', 'news', '--create-list');
    assert.equal(imp.code, 0, imp.stderr);
    writeFileSync(join(dir, 'bourse.md'), '# Bonjour {{ first_name }}\n\nLa bourse aux vélos a lieu samedi.\n');
    const typo = join(dir, 'typo.md');
    writeFileSync(typo, 'Salut {{ prenom }}');
    const bad = run('campaign', 'create', '--tenant', 'velo', '--list', 'news', '--subject', 'x', '--markdown', typo);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /prenom/);
    const created = run('campaign', 'create', '--tenant', 'velo', '--list', 'news', '--subject', 'Bourse aux vélos', '--markdown', 'bourse.md', '--from', 'Atelier <bureau@facteur.test>');
    assert.equal(created.code, 0, created.stderr);
    const id = created.stdout.trim();
    assert.match(id, /^\d+$/);
    const sent = run('campaign', 'send', id, '--tenant', 'velo');
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /2 recipients queued/);
    const again = run('campaign', 'send', id, '--tenant', 'velo');
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /sending/);
    const status = run('campaign', 'status', id, '--tenant', 'velo', '--json');
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as { status: string; total: number; by_state: Record<string, number> };
    assert.equal(s.status, 'sending');
    assert.equal(s.total, 2);
    assert.deepEqual(s.by_state, { queued: 2 });
    const text = run('campaign', 'status', id, '--tenant', 'velo');
    assert.match(text.stdout, /queued +2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
