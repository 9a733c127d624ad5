// The subscription form an association pastes on its own site: plain HTML, no script, no external
// resource, posting to facteur's absolute form URL. It cannot carry the signed timing stamp (it
// is static, and would be stale in a day), so a post from it lands on facteur's own form,
// pre-filled, with a fresh stamp: one more click, on a page that also states the consent and
// links to the privacy page (see docs/subscribe.md, "Embedding the form").
import type { MailingList, Tenant } from '../../../core/model.ts';
import { messagesFor, type Lang } from '../../i18n/index.ts';
import { html } from '../html.ts';
import { formPath, honeypot } from './pages.ts';

/** Inline, so it works whatever the host site's stylesheet; the only rule that matters is the honeypot's. */
const HP_STYLE = 'position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden';

export function subscribeSnippet(publicUrl: string, tenant: Pick<Tenant, 'slug' | 'name'>, list: Pick<MailingList, 'slug' | 'name'>, lang: Lang): string {
  const m = messagesFor(lang).subscribe;
  const base = publicUrl.replace(/\/+$/, '');
  // Ids unique per list, so two lists' forms can share a page.
  const id = `facteur-${tenant.slug}-${list.slug}`;
  return html`<form method="post" action="${base}${formPath(tenant, list)}?lang=${lang}" accept-charset="utf-8" lang="${lang}">
  <p><label for="${id}-email">${m.emailLabel}</label><br>
  <input id="${id}-email" name="email" type="email" autocomplete="email" required maxlength="320"></p>
  <p><label for="${id}-name">${m.nameLabel}</label><br>
  <input id="${id}-name" name="name" type="text" autocomplete="name" maxlength="200"></p>
  ${honeypot(m.honeypotLabel, `${id}-website`, HP_STYLE)}
  <p><small>${m.consent(list.name, tenant.name)} <a href="${base}/privacy?lang=${lang}">${m.privacyLink}</a></small></p>
  <p><button type="submit">${m.button}</button></p>
</form>
`.value;
}
