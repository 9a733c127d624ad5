// Typo suggestions: common providers (French ones first) are corrected, known and unrelated
// domains never are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, parseAddress, suggestDomain } from '../../src/core/address/index.ts';

test('edit distance counts a transposition as one edit', () => {
  assert.equal(editDistance('gmial', 'gmail'), 1);
  assert.equal(editDistance('gmail', 'gmail'), 0);
  assert.equal(editDistance('hotmial.fr', 'hotmail.com'), 4);
  assert.equal(editDistance('', 'abc'), 3);
});

test('provider typos are corrected', () => {
  const cases: Record<string, string> = {
    'gmial.com': 'gmail.com',
    'gmail.con': 'gmail.com',
    'gmail.cm': 'gmail.com',
    'gmail.co': 'gmail.com',
    'gmal.com': 'gmail.com',
    'gamil.com': 'gmail.com',
    'gmaill.com': 'gmail.com',
    'gmial.con': 'gmail.com',
    'gmail.fr': 'gmail.com',
    'gmailcom': 'gmail.com',
    'gmail': 'gmail.com',
    'gmail,com': 'gmail.com',
    'hotmial.fr': 'hotmail.fr',
    'hotmail.fe': 'hotmail.fr',
    'hotmail.f': 'hotmail.fr',
    'homail.com': 'hotmail.com',
    'hotmial.co': 'hotmail.com',
    'outlok.fr': 'outlook.fr',
    'outlook.cmo': 'outlook.com',
    'orange.fe': 'orange.fr',
    'ornage.fr': 'orange.fr',
    'orage.fr': 'orange.fr',
    'wanado.fr': 'wanadoo.fr',
    'wanadoo.fr.': 'wanadoo.fr',
    'yaho.fr': 'yahoo.fr',
    'yahooo.fr': 'yahoo.fr',
    'yhaoo.fr': 'yahoo.fr',
    'yahoo.ft': 'yahoo.fr',
    'yahou.com': 'yahoo.com',
    'lapost.net': 'laposte.net',
    'laposte.ner': 'laposte.net',
    'laposte.com': 'laposte.net',
    'fre.fr': 'free.fr',
    'free.fe': 'free.fr',
    'fere.fr': 'free.fr',
    'srf.fr': 'sfr.fr',
    'sfr.fe': 'sfr.fr',
    'lvie.fr': 'live.fr',
    'nuef.fr': 'neuf.fr',
    'iclod.com': 'icloud.com',
    'icloud.fr': 'icloud.com',
    'gmx.fe': 'gmx.fr',
    'gxm.de': 'gmx.de',
    'protonmial.com': 'protonmail.com',
    'aol.con': 'aol.com',
    'bbox.fe': 'bbox.fr',
    'numericable.fe': 'numericable.fr',
    'numericabl.fr': 'numericable.fr',
    'msn.cm': 'msn.com',
  };
  for (const [typo, fixed] of Object.entries(cases)) assert.equal(suggestDomain(typo), fixed, typo);
});

test('exact known domains and real neighbours are never corrected', () => {
  for (const d of [
    'gmail.com', 'hotmail.fr', 'hotmail.com', 'outlook.fr', 'outlook.com', 'live.fr', 'yahoo.fr', 'yahoo.com',
    'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'neuf.fr', 'icloud.com', 'gmx.fr', 'gmx.com',
    'gmx.de', 'gmx.net', 'protonmail.com', 'aol.com', 'bbox.fr', 'numericable.fr', 'msn.com', 'ymail.com',
    'mail.com', 'email.com', 'live.be', 'hotmail.de', 'yahoo.gr', 'gmx.es', 'orange.com', 'laposte.fr',
  ]) {
    assert.equal(suggestDomain(d), null, d);
  }
});

test('unknown legitimate domains far from any provider get no suggestion', () => {
  for (const d of [
    'example.org', 'asso-velo.fr', 'paheko.cloud', 'framasoft.org', 'univ-lyon2.fr', 'mairie-paris.fr',
    'tree.fr', 'love.fr', 'msa.fr', 'aoc.fr', 'gmc.com', 'man.com', 'fnac.com', 'orange-bleue.fr',
    'free-asso.org', 'sfr.com', 'hotmailer.example', 'amail.fr', 'caf.fr', 'ens.fr', 'cnrs.fr', 'inria.fr',
    'yahoo.co.jp', 'live.com.au', 'hotel.fr', 'outils.fr',
  ]) {
    assert.equal(suggestDomain(d), null, d);
  }
});

test('parseAddress carries the suggestion, valid or not', () => {
  const r = parseAddress('Jeanne@Gmial.com');
  assert.equal(r.valid, true);
  assert.equal(r.suggestion, 'Jeanne@gmail.com');
  assert.equal(parseAddress('jeanne@gmail').suggestion, 'jeanne@gmail.com');
  assert.equal(parseAddress('jeanne@gmail').code, 'tld_missing');
  assert.equal(parseAddress('jeanne@gmail.com').suggestion, null);
  assert.equal(parseAddress('jeanne@asso.fr').suggestion, null);
});
