// markdownText: a value written into a notice (an association name, an address) stays text —
// no link, emphasis, HTML or line break can come out of it once the Markdown is rendered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownText } from '../../../src/delivery/queue/index.ts';
import { compileCampaign, previewMessage } from '../../../src/delivery/compose/index.ts';

test('markdownText escapes Markdown syntax and folds every kind of line break', () => {
  assert.equal(markdownText('a\rb\nc\r\nd\u2028e'), 'a b c d e');
  assert.equal(markdownText('[clic](https://evil.example) *x* <b>'), '\\[clic\\]\\(https\\://evil\\.example\\) \\*x\\* \\<b\\>');
});

test('escaped text renders as the same text, with no link or tag', () => {
  const hostile = '[gagnez](https://evil.example) www.evil.example <script>alert(1)</script> **gras**\r# titre';
  const compiled = compileCampaign({
    tenant: { name: 'Atelier', postalAddress: '1 rue' },
    from: { address: 'asso@example.org', name: 'Atelier' },
    subject: 'Test',
    markdown: `Bonjour ${markdownText(hostile)}`,
    fields: [],
    list: { id: 'x.atelier.example.org' },
    feedbackId: 'x:1:facteur',
  });
  const { html } = previewMessage(compiled, { to: { address: 'm@example.net' }, fields: {}, unsubscribeUrl: 'https://facteur.example/u/x' });
  assert.doesNotMatch(html, /<a [^>]*evil/, 'no link, not even an autolink');
  assert.doesNotMatch(html, /<script|<strong>gras|<h1/);
  assert.match(html, /Bonjour \[gagnez\]\(https:\/\/evil\.example\) www\.evil\.example &lt;script&gt;/, 'the same text, escaped');
});
