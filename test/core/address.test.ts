// parseAddress: syntax for sending (RFC 5321), SMTPUTF8 local parts (RFC 6531), IDN domains
// (RFC 5891), quoted local parts, length limits, and the reason codes given for each rejection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress, parseDomainName } from '../../src/core/address/index.ts';

function rejects(input: string, code: string): void {
  const r = parseAddress(input);
  assert.equal(r.valid, false, `${JSON.stringify(input)} should be rejected`);
  assert.equal(r.code, code, `${JSON.stringify(input)}: ${r.reason}`);
  assert.equal(r.normalized, null);
  assert.ok(r.reason && r.reason.length > 20);
}

test('plain addresses: local part kept as written, domain lower-cased', () => {
  const r = parseAddress('Jeanne.Dupont+velo@Example.ORG');
  assert.equal(r.valid, true);
  assert.equal(r.normalized, 'Jeanne.Dupont+velo@example.org');
  assert.equal(r.ascii, 'Jeanne.Dupont+velo@example.org');
  assert.equal(r.smtputf8, false);
  assert.equal(r.reason, null);
  assert.equal(r.code, null);
  assert.equal(r.local, 'Jeanne.Dupont+velo');
  assert.equal(r.domain, 'example.org');
  assert.equal(parseAddress("o'brien!#$%&*/=?^_`{|}~-@asso.fr").valid, true);
});

test('surrounding whitespace is trimmed; inner whitespace and controls are not', () => {
  assert.equal(parseAddress('  a@asso.fr\r\n').normalized, 'a@asso.fr');
  assert.equal(parseAddress('\ta@asso.fr ').normalized, 'a@asso.fr');
  rejects('jean dupont@asso.fr', 'whitespace');
  rejects('jean@asso .fr', 'whitespace');
  rejects('jean\u0000@asso.fr', 'control_character');
  rejects('jean@as\rso.fr', 'control_character');
  rejects('', 'empty');
  rejects('   ', 'empty');
});

test('Name <addr> and <addr> are refused, with the inner address as suggestion', () => {
  const r = parseAddress('Jeanne Dupont <jeanne@asso.fr>');
  assert.equal(r.code, 'display_name');
  assert.equal(r.suggestion, 'jeanne@asso.fr');
  assert.equal(parseAddress('<jeanne@asso.fr>').suggestion, 'jeanne@asso.fr');
  assert.equal(parseAddress('"Dupont, Jeanne" <jeanne@gmial.com>').suggestion, 'jeanne@gmail.com');
  rejects('a@asso.fr, b@asso.fr', 'several_addresses');
  rejects('a@asso.fr;b@asso.fr', 'several_addresses');
});

test('dot-string errors', () => {
  rejects('asso.fr', 'no_at');
  rejects('@asso.fr', 'local_empty');
  rejects('jean@', 'domain_empty');
  rejects('.jean@asso.fr', 'local_dot');
  rejects('jean.@asso.fr', 'local_dot');
  rejects('jean..dupont@asso.fr', 'local_dot');
  rejects('jean@dupont@asso.fr', 'multiple_at');
  rejects('jean,dupont@asso.fr', 'local_invalid_char');
  rejects('jean\\@asso.fr', 'local_invalid_char');
  rejects('(comment)jean@asso.fr', 'comment');
  rejects('jean@asso.fr(comment)', 'comment');
});

test('quoted local parts: useless quotes are dropped, needed quotes are refused for bulk mail', () => {
  const r = parseAddress('"jean.dupont"@Asso.fr');
  assert.equal(r.valid, true);
  assert.equal(r.normalized, 'jean.dupont@asso.fr');
  assert.equal(parseAddress('"用户"@例子.广告').normalized, '用户@例子.广告');
  rejects('"jean dupont"@asso.fr', 'quoted_local_part');
  rejects('"jean@dupont"@asso.fr', 'quoted_local_part');
  rejects('"jean..dupont"@asso.fr', 'quoted_local_part');
  rejects('"jean\\"d"@asso.fr', 'quoted_local_part');
  rejects('"j\\ean"@asso.fr', 'quoted_local_part'); // an escape is suspicious, not silently unquoted
  rejects('""@asso.fr', 'local_empty');
  rejects('"jean@asso.fr', 'quoted_invalid');
  rejects('"jean"x@asso.fr', 'quoted_invalid');
  rejects('"jean".dupont@asso.fr', 'obsolete_local_part');
  rejects('jean."dupont"@asso.fr', 'obsolete_local_part');
});

test('SMTPUTF8 local parts (RFC 6531): valid, but no ASCII form', () => {
  const r = parseAddress('用户@例子.广告');
  assert.equal(r.valid, true);
  assert.equal(r.normalized, '用户@例子.广告');
  assert.equal(r.ascii, null);
  assert.equal(r.smtputf8, true);
  assert.equal(r.asciiDomain, 'xn--fsqu00a.xn--4rr70v');
  const e = parseAddress('Élodie@asso.fr');
  assert.equal(e.valid, true);
  assert.equal(e.smtputf8, true);
  assert.equal(e.ascii, null);
  rejects('jean\u00a0dupont@asso.fr', 'whitespace'); // no-break space
  rejects('jean\u202edupont@asso.fr', 'local_invalid_char'); // bidi override: spoofing
  rejects('jean\ue000@asso.fr', 'local_invalid_char'); // private use
});

test('IDN domains (RFC 5891): U-labels kept, A-label in ascii, invalid ones refused', () => {
  const r = parseAddress('jean@exämple.fr');
  assert.equal(r.valid, true);
  assert.equal(r.normalized, 'jean@exämple.fr');
  assert.equal(r.ascii, 'jean@xn--exmple-cua.fr');
  assert.equal(r.smtputf8, false);
  assert.equal(parseAddress('jean@EXÄMPLE.fr').normalized, 'jean@exämple.fr');
  assert.equal(parseAddress('jean@exa\u0308mple.fr').normalized, 'jean@exämple.fr'); // NFD → NFC
  const a = parseAddress('test@XN--hxajbheg2az3al.xn--jxalpdlp');
  assert.equal(a.valid, true);
  assert.equal(a.normalized, 'test@xn--hxajbheg2az3al.xn--jxalpdlp');
  assert.equal(parseAddress('jean@faß.de').ascii, 'jean@xn--fa-hia.de');
  rejects('test@xn--example.com', 'invalid_idn');
  rejects('jean@a\u200db.fr', 'invalid_idn'); // ZWJ is not allowed in this context (RFC 5892)
  const full = parseAddress('jean@ｅｘａｍｐｌｅ.fr');
  assert.equal(full.code, 'idn_not_canonical');
  assert.equal(full.suggestion, 'jean@example.fr');
  assert.equal(parseAddress('用户@例子。广告').suggestion, '用户@例子.广告');
});

test('domain syntax: LDH labels, a TLD, no IP literal', () => {
  rejects('jean@[192.0.2.1]', 'domain_literal');
  rejects('jean@[IPv6:2001:db8::1]', 'domain_literal');
  rejects('jean@192.0.2.1', 'tld_numeric');
  rejects('jean@asso.123', 'tld_numeric');
  rejects('jean@localhost', 'tld_missing');
  rejects('jean@asso_velo.fr', 'domain_invalid_char');
  rejects('jean@-asso.fr', 'domain_hyphen');
  rejects('jean@asso-.fr', 'domain_hyphen');
  rejects('jean@asso..fr', 'domain_dot');
  rejects('jean@asso.fr.', 'domain_dot');
  rejects('jean@.asso.fr', 'domain_dot');
  assert.equal(parseAddress('jean@123.com').valid, true);
  assert.equal(parseAddress('jean@c--n.com').valid, true);
  assert.equal(parseAddress('jean@asso.x123').valid, true);
  assert.equal(parseDomainName('Exämple.FR').ascii, 'xn--exmple-cua.fr');
  assert.equal(parseDomainName('bad_domain.fr').code, 'domain_invalid_char');
});

test('length limits: 64-octet local part, 63-octet label, 253-octet domain, 254-octet address', () => {
  const l64 = 'a'.repeat(64);
  assert.equal(parseAddress(`${l64}@asso.fr`).valid, true);
  rejects(`${l64}a@asso.fr`, 'local_too_long');
  // Octets, not characters: 32 × "é" (2 octets each) = 64 octets ok; 33 × "é" = 66 too long.
  assert.equal(parseAddress(`${'é'.repeat(32)}@asso.fr`).valid, true);
  rejects(`${'é'.repeat(33)}@asso.fr`, 'local_too_long');
  rejects(`"${'a b'.repeat(22)}"@asso.fr`, 'local_too_long');
  assert.equal(parseAddress(`a@${'b'.repeat(63)}.fr`).valid, true);
  rejects(`a@${'b'.repeat(64)}.fr`, 'label_too_long');
  // An IDN label is measured as its A-label.
  rejects(`a@${'é'.repeat(60)}.fr`, 'label_too_long');
  const label = 'c'.repeat(63);
  const domain252 = `${label}.${label}.${label}.${'d'.repeat(57)}.fr`; // 63*3 + 57 + 2 + 4 dots
  assert.equal(domain252.length, 252);
  assert.equal(parseAddress(`a@${domain252}`).valid, true); // 254 octets: the most a path allows
  rejects(`ab@${domain252}`, 'address_too_long'); // RFC 5321 §4.5.3.1.3
  rejects(`a@d.${domain252}`, 'domain_too_long'); // 254 octets
});
