// Content hints fire on crafted inputs and stay quiet on an ordinary French newsletter.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentHints, loadHintRules } from '../../../src/core/hints/index.ts';

const codes = (h: { code: string }[]) => h.map((x) => x.code).sort();

const NEWSLETTER = `# Nouvelles de l'atelier — mars

Bonjour {{ first_name }},

La **bourse aux vélos** a lieu samedi 14 mars de 9 h à 17 h, cour de l'école Jules-Ferry.
Déposez vos vélos vendredi soir ; l'entrée est gratuite pour tout le monde.

- Atelier d'autoréparation : tous les mercredis, 18 h – 20 h
- Sortie découverte des bords de Loire : dimanche 22 mars, départ 10 h
- Assemblée générale : jeudi 2 avril, salle des fêtes

Le programme complet est sur [notre site](https://atelier-velo.example.org/agenda) et les photos
de la dernière sortie sur [la galerie](https://atelier-velo.example.org/photos).

Pour adhérer ou renouveler votre adhésion : [formulaire](https://atelier-velo.example.org/adhesion).

À bientôt,
L'équipe de l'Atelier Vélo Solidaire — contact : bureau@atelier-velo.example.org`;

describe('content hints', () => {
  it('stay quiet on a normal French newsletter', () => {
    const hints = contentHints({ subject: 'Bourse aux vélos samedi 14 mars, {{ first_name }} !', markdown: NEWSLETTER, recent: { recipients: 1200, recentlyMailed: 80, days: 3 } });
    assert.deepEqual(hints, []);
  });

  it('flag a shouting, spammy subject', () => {
    const h = contentHints({ subject: 'GAGNEZ UN VÉLO GRATUIT MAINTENANT !!!', markdown: 'Bonjour' });
    assert.deepEqual(codes(h), ['spam_words_subject', 'subject_caps', 'subject_exclamations']);
    const words = h.find((x) => x.code === 'spam_words_subject')!.details!.words as string[];
    assert.ok(words.includes('gagnez') && words.includes('gratuit'));
    assert.ok(h.every((x) => x.message.fr && x.message.en));
  });

  it('flag subject length (too long, too short, empty)', () => {
    assert.deepEqual(codes(contentHints({ subject: 'x'.repeat(10) + ' ' + 'Assemblée générale ordinaire de notre association, ordre du jour et pouvoirs à renvoyer', markdown: 'ok' })), ['subject_too_long']);
    assert.deepEqual(codes(contentHints({ subject: 'AG', markdown: 'ok' })), ['subject_too_short']);
    assert.deepEqual(codes(contentHints({ subject: '  ', markdown: 'ok' })), ['subject_empty']);
  });

  it('flag many links, URL shorteners, many and remote images', () => {
    const links = Array.from({ length: 20 }, (_, i) => `[lien ${i}](https://example.org/p/${i})`).join('\n');
    const images = Array.from({ length: 12 }, (_, i) => `![photo ${i}](https://cdn.example.net/i${i}.jpg)`).join('\n');
    const h = contentHints({ subject: 'Les photos de la sortie', markdown: `${links}\n\nVoir https://bit.ly/3abc et ${images}` });
    assert.deepEqual(codes(h), ['remote_images', 'too_many_images', 'too_many_links', 'url_shortener']);
    assert.deepEqual(h.find((x) => x.code === 'url_shortener')!.details!.hosts, ['bit.ly']);
  });

  it('flag HTML without a text part, and spam phrases in the body (English too)', () => {
    const h = contentHints({ subject: 'Our spring news', html: '<p>Click here to act now: this offer is 100% free and guaranteed, a prize for every winner.</p><img src="cid:logo">' });
    assert.deepEqual(codes(h), ['missing_text_part', 'spam_words_body']);
    assert.equal(codes(contentHints({ subject: 'Our spring news', html: '<p>Hello</p>', text: 'Hello' })).length, 0);
  });

  it('ignore words inside URLs and addresses (free.fr is not "free")', () => {
    assert.deepEqual(contentHints({ subject: 'Changement d’adresse', markdown: 'Écrivez à jean@free.fr, voir https://free.example/cash/winner/prize' }), []);
  });

  it('warn when most recipients already got a mailing in the last days', () => {
    const h = contentHints({ subject: 'Encore des nouvelles', markdown: 'Bonjour', recent: { recipients: 1000, recentlyMailed: 700, days: 3 } });
    assert.deepEqual(codes(h), ['recently_mailed']);
    assert.equal(h[0]!.details!.share, 0.7);
  });

  it('read its rules from rules/hints.toml', () => {
    const r = loadHintRules();
    assert.ok(r.spamWords.fr.length >= 20 && r.spamWords.en.length >= 20);
    assert.ok(r.shorteners.includes('bit.ly'));
    assert.ok(r.roleAccounts.includes('postmaster') && r.roleAccounts.includes('noreply'));
  });
});
