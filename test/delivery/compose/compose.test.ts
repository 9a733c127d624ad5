import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { compileCampaign, renderMessage, previewMessage, qpEncode, ComposePool, type CampaignInput, type RecipientInput } from '../../../src/delivery/compose/index.ts';
import { DkimSigner, generateDkimKey, verifyDkim } from '../../../src/delivery/dkim/index.ts';
import { StaticResolver } from '../../../src/lib/dns.ts';
import { isFacteurError } from '../../../src/core/errors.ts';

const base: CampaignInput = {
  tenant: { name: 'Atelier Vélo Solidaire', accentColor: '#c0392b', postalAddress: '12 rue des Lilas\n69001 Lyon' },
  from: { address: 'nouvelles@asso.example', name: 'Atelier Vélo 🚲' },
  subject: 'Bourse aux vélos, {{ first_name | default: "ami·e" }} !',
  markdown: '# Bonjour {{ first_name | default: "ami·e" }}\n\nLa **bourse** a lieu samedi. [Programme](https://asso.example/p?c={{ city }})\n',
  fields: ['first_name', 'city'],
  list: { id: 'nouvelles.asso.example', name: 'Nouvelles de l’atelier' },
  feedbackId: 'c1:t1:facteur',
};
const marie: RecipientInput = {
  to: { address: 'marie@example.org', name: 'Marie-Hélène Dupré 😀' },
  fields: { first_name: 'Marie', city: 'Lyon' },
  unsubscribeUrl: 'https://facteur.example/u/1-2-3-abc',
  unsubscribeMailto: 'unsubscribe+1-2-3-abc@bounces.facteur.example',
  date: Date.UTC(2026, 0, 2, 10),
  messageId: '<m1@asso.example>',
};

const code = (c: string) => (e: unknown) => isFacteurError(e) && e.code === c;

function lines(raw: string): string[] {
  return raw.split('\r\n');
}

test('a complete RFC 5322 message: CRLF only, required headers, lines ≤ 78 in headers and ≤ 76 in QP bodies', async () => {
  const raw = renderMessage(compileCampaign(base), marie).toString('latin1');
  assert.equal(/\r(?!\n)|(?<!\r)\n/.test(raw), false, 'CRLF line ends only');
  assert.equal(/[^\x00-\x7f]/.test(raw), false, '7-bit clean');
  const [head, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
  for (const l of lines(head)) assert.ok(l.length <= 78, `header line too long: ${l}`);
  for (const l of lines(body)) assert.ok(l.length <= 76, `body line too long: ${l}`);
  for (const h of ['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'Feedback-ID', 'Content-Type']) {
    assert.match(head, new RegExp(`^${h}: `, 'm'), h);
  }
  assert.doesNotMatch(head, /^Return-Path:/im, 'Return-Path is the envelope, added by the receiving MTA');
  assert.match(head, /^List-Unsubscribe: <https:\/\/facteur\.example\/u\/1-2-3-abc>,\r\n <mailto:unsubscribe\+1-2-3-abc@bounces\.facteur\.example>$/m);
  assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

  const parsed = await simpleParser(Buffer.from(raw, 'latin1'));
  assert.equal(parsed.subject, 'Bourse aux vélos, Marie !');
  assert.equal(parsed.from?.value[0]?.name, 'Atelier Vélo 🚲');
  assert.equal((parsed.to as { value: { name: string; address: string }[] }).value[0]?.name, 'Marie-Hélène Dupré 😀');
  assert.equal(parsed.messageId, '<m1@asso.example>');
  assert.match(parsed.text ?? '', /La bourse a lieu samedi\. Programme\s+<https:\/\/asso\.example\/p\?c=Lyon>/);
  assert.match(parsed.text ?? '', /Se désinscrire en un clic :\nhttps:\/\/facteur\.example\/u\/1-2-3-abc/);
  assert.match(parsed.html || '', /<a href="https:\/\/asso\.example\/p\?c=Lyon" style="color:#c0392b/);
  assert.match(parsed.html || '', /lang="fr"/);
  assert.match(head, /^List-Id: =\?UTF-8\?Q\?Nouvelles_de_l=E2=80=99atelier\?= <nouvelles\.asso\.example>$/m);
});

test('English footer for an English-speaking member', () => {
  const p = previewMessage(compileCampaign(base), { ...marie, lang: 'en' });
  assert.match(p.text, /Unsubscribe in one click:/);
  assert.match(p.html, /lang="en"/);
});

test('long subjects and names are RFC 2047 encoded and folded; ASCII ones folded at spaces', async () => {
  const subject = 'Assemblée générale extraordinaire de l’atelier : ordre du jour, procurations, élections du bureau 🗳️ et pot de l’amitié';
  const raw = renderMessage(compileCampaign({ ...base, subject }), marie).toString('latin1');
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  for (const l of lines(head)) assert.ok(l.length <= 78, l);
  assert.match(head, /^Subject: =\?UTF-8\?Q\?/m);
  assert.equal((await simpleParser(raw)).subject, subject);
  const ascii = 'A plain ASCII subject that is long enough to need folding across more than one line of header';
  const raw2 = renderMessage(compileCampaign({ ...base, subject: ascii }), marie).toString('latin1');
  assert.match(raw2, /^Subject: A plain[^\r]*\r\n [^\r]+$/m);
  assert.equal((await simpleParser(raw2)).subject, ascii);
});

test('merge values are HTML-escaped in HTML, raw in text, neutralised in the subject', async () => {
  const r = { ...marie, fields: { first_name: '<img src=x onerror=alert(1)> & "Zoé"', city: '"><script>' } };
  const c = compileCampaign(base);
  const p = previewMessage(c, r);
  assert.match(p.html, /Bonjour &lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;Zoé&quot;/);
  assert.doesNotMatch(p.html, /<script>|<img src=x/);
  assert.match(p.html, /href="https:\/\/asso\.example\/p\?c=&quot;&gt;&lt;script&gt;"/);
  assert.match(p.text, /Bonjour <img src=x onerror=alert\(1\)> & "Zoé"/);
  const evil = { ...marie, fields: { first_name: 'Marie\r\nBcc: victim@example.org', city: '' } };
  const raw = renderMessage(c, evil).toString('latin1');
  assert.doesNotMatch(raw.slice(0, raw.indexOf('\r\n\r\n')), /^Bcc:/im);
  assert.equal((await simpleParser(raw)).subject, 'Bourse aux vélos, Marie Bcc: victim@example.org !');
});

test('defaults apply to empty values; a tag that starts an href only accepts http(s)/mailto/tel values', () => {
  const c = compileCampaign({ ...base, markdown: 'Salut {{ first_name | default: "ami·e" }} [lien]({{ city }})' });
  const p = previewMessage(c, { ...marie, fields: { first_name: '', city: 'javascript:alert(1)' } });
  assert.match(p.html, /Salut ami·e/);
  assert.match(p.html, /href="#"/);
  assert.match(previewMessage(c, { ...marie, fields: { first_name: null, city: 'https://ok.example/' } }).html, /href="https:\/\/ok\.example\/"/);
});

test('an unknown field is ERR_MERGE_FIELD naming the field; a broken tag is ERR_TEMPLATE_SYNTAX', () => {
  assert.throws(() => compileCampaign({ ...base, markdown: 'Bonjour {{ prenom }}' }), (e: unknown) => code('ERR_MERGE_FIELD')(e) && /"prenom"/.test((e as Error).message) && (e as { details: { field: string } }).details.field === 'prenom');
  assert.throws(() => compileCampaign({ ...base, subject: 'Hi {{ nom }}' }), code('ERR_MERGE_FIELD'));
  assert.throws(() => compileCampaign({ ...base, markdown: 'Bonjour {{ first name }}' }), code('ERR_TEMPLATE_SYNTAX'));
  assert.throws(() => compileCampaign({ ...base, markdown: 'Bonjour {{ first_name ' }), code('ERR_TEMPLATE_SYNTAX'));
});

test('header injection: CR/LF in structural inputs is rejected with ERR_HEADER_INVALID', async () => {
  assert.throws(() => compileCampaign({ ...base, subject: 'Hi\r\nBcc: x@example.org' }), code('ERR_HEADER_INVALID'));
  assert.throws(() => compileCampaign({ ...base, from: { address: 'a@asso.example', name: 'Asso\nBcc: x@example.org' } }), code('ERR_HEADER_INVALID'));
  assert.throws(() => compileCampaign({ ...base, from: { address: 'a@asso.example\r\nBcc: x@example.org' } }), code('ERR_HEADER_INVALID'));
  assert.throws(() => compileCampaign({ ...base, list: { id: 'x.example\r\nBcc: y' } }), code('ERR_HEADER_INVALID'));
  assert.throws(() => compileCampaign({ ...base, feedbackId: 'a\nb' }), code('ERR_HEADER_INVALID'));
  const c = compileCampaign(base);
  assert.throws(() => renderMessage(c, { ...marie, to: { address: 'marie@example.org', name: 'Marie\r\nBcc: x@example.org' } }), code('ERR_HEADER_INVALID'));
  assert.throws(() => renderMessage(c, { ...marie, unsubscribeUrl: 'https://x.example/\r\nBcc: y' }), code('ERR_HEADER_INVALID'));
  assert.throws(() => renderMessage(c, { ...marie, messageId: '<a@b>\r\nBcc: y' }), code('ERR_HEADER_INVALID'));
  assert.throws(() => renderMessage(c, { ...marie, unsubscribeUrl: 'http://insecure.example/u' }), code('ERR_HEADER_INVALID'));
  assert.throws(() => renderMessage(c, { ...marie, to: { address: 'not an address' } }), code('ERR_INVALID_ADDRESS'));
  // Display names with specials are quoted, not injected.
  const raw = renderMessage(c, { ...marie, to: { address: 'marie@example.org', name: 'Dupré, Marie "<x@evil.example>"' } });
  const to = (await simpleParser(raw)).to as { value: { name: string; address: string }[] };
  assert.deepEqual(to.value, [{ name: 'Dupré, Marie "<x@evil.example>"', address: 'marie@example.org' }]);
  const raw2 = renderMessage(c, { ...marie, to: { address: 'marie@example.org', name: 'Smith, John "JJ"' } }).toString('latin1');
  assert.match(raw2, /^To: "Smith, John \\"JJ\\"" <marie@example\.org>$/m);
});

test('HTML input is sanitised: no script, handlers, frames, forms, remote CSS; author links and images kept', () => {
  const html = '<p onclick="steal()">Bonjour {{ first_name }}</p><script>alert(1)</script><iframe src="https://x.example"></iframe>' +
    '<form action="https://x.example"><input></form><p style="background:url(https://track.example/p.gif);color:red">rouge</p>' +
    '<img src="https://asso.example/affiche.jpg" alt="Affiche"><a href="javascript:alert(1)">x</a><a href="https://asso.example/">site</a><style>p{}</style><link rel="stylesheet" href="https://x.example/a.css">';
  const p = previewMessage(compileCampaign({ ...base, markdown: undefined, html }), marie);
  assert.doesNotMatch(p.html, /onclick|<script|alert\(1\)|<iframe|<form|<input|track\.example|javascript:|x\.example\/a\.css/);
  assert.match(p.html, /<img src="https:\/\/asso\.example\/affiche\.jpg" alt="Affiche"/);
  assert.match(p.html, /<a href="https:\/\/asso\.example\/"/);
  assert.match(p.text, /Bonjour Marie/);
  assert.match(p.text, /\[Affiche\]/);
  assert.match(p.text, /site <https:\/\/asso\.example\/>/);
});

test('facteur adds no tracking: no remote resource but the author\'s, links untouched', () => {
  const p = previewMessage(compileCampaign(base), marie);
  const urls = [...p.html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(urls, ['https://asso.example/p?c=Lyon', 'https://facteur.example/u/1-2-3-abc']);
  assert.doesNotMatch(p.html, /<img/);
});

test('key styles are inline (no dependence on <style>)', () => {
  const p = previewMessage(compileCampaign({ ...base, markdown: '# Titre\n\nTexte [lien](https://a.example/)\n\n> cité\n' }), marie);
  assert.match(p.html, /<h1 style="[^"]*font-size:26px/);
  assert.match(p.html, /<p style="margin:0 0 16px 0/);
  assert.match(p.html, /<blockquote style="[^"]*border-left:4px solid #c0392b/);
  assert.match(p.html, /role="presentation"/);
  assert.throws(() => compileCampaign({ ...base, tenant: { ...base.tenant, accentColor: 'red;background:url(x)' } }), code('ERR_VALIDATION'));
});

test('quoted-printable: long lines soft-broken, =, trailing space, leading dot and From encoded, decodes back', async () => {
  const text = 'x'.repeat(300) + '\n' + 'a=b \n.hidden\nFrom here\n' + 'é'.repeat(100) + '\n🚲'.repeat(3);
  const qp = qpEncode(text);
  for (const l of qp.split('\r\n')) assert.ok(l.length <= 76, l);
  assert.match(qp, /a=3Db=20\r\n=2Ehidden\r\n=46rom here/);
  const decoded = Buffer.from(qp.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  assert.equal(decoded, text.replace(/\n/g, '\r\n'));
});

test('a 1 MB body composes, stays within line limits, signs and verifies', async () => {
  const para = 'Les bénévoles de l’atelier réparent les vélos du quartier chaque samedi, venez nombreux ! '.repeat(6) + '\n\n';
  const markdown = para.repeat(Math.ceil(1_000_000 / para.length)) + '| a | b |\n|---|---|\n| ' + 'y'.repeat(2000) + ' | z |\n';
  const ed = generateDkimKey('ed25519');
  const raw = renderMessage(compileCampaign({ ...base, markdown }), marie, [new DkimSigner({ domain: 'asso.example', selector: 's2', privateKey: ed.privateKeyPem })]);
  assert.ok(raw.length > 2_000_000, `${raw.length}`);
  assert.ok(raw.toString('latin1').split('\r\n').every((l) => l.length <= 78));
  const [v] = await verifyDkim(raw, new StaticResolver({ 's2._domainkey.asso.example': { TXT: [ed.txt] } }));
  assert.equal(v?.result, 'pass');
  const parsed = await simpleParser(raw);
  assert.ok((parsed.text ?? '').length > 1_000_000);
});

test('ComposePool renders in worker threads: same messages, signed, one bad recipient does not sink the batch', async () => {
  const rsa = generateDkimKey('rsa');
  const ed = generateDkimKey('ed25519');
  const zone = new StaticResolver({ 's1._domainkey.asso.example': { TXT: [rsa.txt] }, 's2._domainkey.asso.example': { TXT: [ed.txt] } });
  const c = compileCampaign(base);
  const pool = new ComposePool({ size: 2, batchSize: 7 });
  try {
    const id = pool.load(c, [
      { domain: 'asso.example', selector: 's1', privateKey: rsa.privateKeyPem },
      { domain: 'asso.example', selector: 's2', privateKey: ed.privateKeyPem },
    ]);
    const jobs = Array.from({ length: 40 }, (_, i) => ({ ...marie, to: { address: `m${i}@example.org` }, messageId: `<m${i}@asso.example>` }));
    const out = await pool.render(id, jobs, marie.date);
    assert.equal(out.length, 40);
    const sync = renderMessage(c, jobs[3]!, [], marie.date).toString('latin1');
    assert.equal(out[3]!.toString('latin1').replace(/^DKIM-Signature:[^]*?\r\n(?=[^ \t])/, '').replace(/^DKIM-Signature:[^]*?\r\n(?=[^ \t])/, ''), sync);
    assert.deepEqual((await verifyDkim(out[39]!, zone)).map((r) => r.result), ['pass', 'pass']);
    const settled = await pool.renderSettled(id, [jobs[0]!, { ...marie, to: { address: 'bad\r\nBcc: x@y.example' } }, jobs[1]!]);
    assert.ok(Buffer.isBuffer(settled[0]) && Buffer.isBuffer(settled[2]));
    assert.ok(isFacteurError(settled[1]) && settled[1].code === 'ERR_HEADER_INVALID');
    await assert.rejects(pool.render(id, [{ ...marie, to: { address: 'x\ny' } }]), code('ERR_HEADER_INVALID'));
  } finally {
    await pool.close();
  }
});
