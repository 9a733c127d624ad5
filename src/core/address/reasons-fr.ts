// The reasons of reasons.ts in French, for the pages volunteers and members read (admin
// interface, subscription form, import report). Same codes; a missing one is a compile error.
import type { ReasonCode } from './reasons.ts';

export const REASONS_FR: Record<ReasonCode, string> = {
  empty: 'L’adresse est vide : saisissez une adresse comme jeanne@example.org.',
  display_name: 'On dirait un nom suivi d’une adresse entre chevrons : ne gardez que l’adresse elle-même (nom@domaine).',
  control_character: 'L’adresse contient un caractère invisible (saut de ligne, tabulation…) : retapez-la.',
  whitespace: 'L’adresse contient une espace : supprimez-la (une adresse n’a pas d’espace).',
  several_addresses: 'Il y a plusieurs adresses : saisissez une seule adresse par contact.',
  no_at: 'L’adresse n’a pas de « @ » : elle doit ressembler à nom@domaine, par exemple jeanne@example.org.',
  multiple_at: 'L’adresse contient plus d’un « @ » : n’en gardez qu’un, entre le nom et le domaine.',
  comment: 'L’adresse contient un commentaire entre parenthèses : supprimez les parenthèses et leur contenu.',
  local_empty: 'Rien avant le « @ » : ajoutez le nom de la boîte, par exemple jeanne@example.org.',
  local_dot: 'La partie avant « @ » commence ou finit par un point, ou a deux points de suite : vérifiez l’orthographe.',
  local_invalid_char: 'La partie avant « @ » contient un caractère impossible dans une adresse : vérifiez l’orthographe.',
  local_too_long: 'La partie avant « @ » dépasse 64 octets, la limite de la RFC 5321 : vérifiez l’adresse.',
  quoted_local_part:
    'La partie avant « @ » exige des guillemets (espaces ou caractères spéciaux) ; la plupart des fournisseurs refusent ces boîtes, on ne leur envoie donc pas de mailing : demandez une autre adresse à la personne.',
  quoted_invalid: 'La partie entre guillemets avant « @ » est mal formée (guillemet non fermé ou caractère en trop) : vérifiez l’adresse.',
  obsolete_local_part: 'La partie avant « @ » mélange des mots entre guillemets et sans guillemets, une forme obsolète : vérifiez l’adresse.',
  domain_empty: 'Rien après le « @ » : ajoutez le domaine, par exemple example.org.',
  domain_literal: 'Le domaine est une adresse IP entre crochets ; les mailings ne partent que vers des noms de domaine : demandez une adresse sur un nom de domaine.',
  domain_dot: 'Le domaine commence ou finit par un point, ou a deux points de suite : vérifiez l’orthographe.',
  domain_invalid_char: 'Le domaine contient un caractère impossible dans un nom de domaine (seulement lettres, chiffres et tirets entre les points) : vérifiez l’orthographe.',
  domain_hyphen: 'Une partie du domaine commence ou finit par un tiret, ce que les noms de domaine n’autorisent pas : vérifiez l’orthographe.',
  label_too_long: 'Une partie du domaine entre deux points dépasse 63 caractères, la limite du DNS : vérifiez l’adresse.',
  domain_too_long: 'Le domaine dépasse 253 caractères, la limite du DNS : vérifiez l’adresse.',
  address_too_long: 'L’adresse dépasse 254 caractères, la limite de SMTP : vérifiez-la.',
  invalid_idn: 'Le domaine n’est pas un nom de domaine internationalisé valide : vérifiez son orthographe.',
  idn_not_canonical: 'Le domaine utilise des caractères qui s’écrivent autrement (lettres pleine chasse, point non latin…) : utilisez la forme proposée.',
  tld_missing: 'Le domaine n’a pas de terminaison comme .fr ou .com : complétez-le.',
  tld_numeric: 'Le domaine finit par un nombre, ce n’est donc pas un nom de domaine (peut-être une adresse IP) : vérifiez l’adresse.',
  nxdomain: 'Le domaine n’existe pas : vérifiez son orthographe.',
  null_mx: 'Le domaine déclare n’accepter aucun courrier (MX nul, RFC 7505) : demandez une autre adresse à la personne.',
  no_mail: 'Le domaine n’a pas de serveur de courrier (ni MX ni adresse) : vérifiez son orthographe ou demandez une autre adresse.',
  temp_error: 'Le domaine n’a pas pu être vérifié pour l’instant (délai DNS dépassé ou panne du serveur) : réessayez plus tard.',
};

/**
 * The reason of a rejected address in the page language: in English the parser's own sentence
 * (`reason`, which may name the faulty part), in French the translation of its code (or `reason`
 * for a code without one).
 */
export function addressReason(lang: 'fr' | 'en', code: string, reason: string): string {
  if (lang === 'en') return reason;
  const table: Record<string, string> = REASONS_FR;
  return Object.hasOwn(table, code) ? table[code]! : reason;
}
