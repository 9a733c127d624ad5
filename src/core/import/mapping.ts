// Header mapping: which CSV column is the e-mail address, the name parts, and which become
// contact fields. French and English headers are recognised (including Paheko's member export:
// "Numéro", "Nom & prénom", "Adresse E-Mail", "Code postal", "Ville", "Téléphone"…), so most
// files need no manual mapping; `--map` / `?map=` overrides any column.
import { FacteurError } from '../errors.ts';

/** email | name (full) | first_name | last_name | ignore | field:KEY */
export type Target = 'email' | 'name' | 'first_name' | 'last_name' | 'ignore' | `field:${string}`;

export interface Column {
  index: number;
  header: string;
  target: Target;
}

/** Lower-case, accents removed, anything else than letters and digits collapsed to one space. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const EMAIL = new Set([
  'email', 'e mail', 'mail', 'courriel', 'mel', 'adresse email', 'adresse e mail', 'adresse mail', 'adresse courriel',
  'adresse electronique', 'adresse de courriel', 'email address', 'e mail address', 'mail address', 'emailaddress',
]);
const FULL_NAME = new Set([
  'nom prenom', 'prenom nom', 'nom et prenom', 'prenom et nom', 'nom complet', 'name', 'full name', 'fullname', 'display name', 'identite',
]);
const FIRST_NAME = new Set(['prenom', 'first name', 'firstname', 'given name', 'forename']);
const LAST_NAME = new Set(['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name']);

/** Well-known columns become fields with stable English keys, whatever the file's language. */
const FIELD_KEYS: [string, string[]][] = [
  ['phone', ['telephone', 'tel', 'phone', 'phone number', 'numero de telephone', 'telephone fixe']],
  ['mobile', ['mobile', 'portable', 'telephone portable', 'telephone mobile', 'mobile phone', 'cell phone']],
  ['postal_code', ['code postal', 'cp', 'postal code', 'postcode', 'zip', 'zip code']],
  ['city', ['ville', 'city', 'commune', 'localite', 'town']],
  ['street', ['adresse', 'adresse postale', 'rue', 'address', 'postal address', 'street', 'street address']],
  ['country', ['pays', 'country']],
  ['member_number', ['numero', 'numero de membre', 'numero d adherent', 'numero adherent', 'n adherent', 'member number', 'member id']],
  ['birth_date', ['date de naissance', 'birth date', 'date of birth', 'birthday']],
  ['registration_date', ['date d inscription', 'date inscription', 'date d adhesion', 'registration date', 'signup date']],
  ['category', ['categorie', 'category', 'categorie de membre', 'type de membre']],
  ['organisation', ['organisation', 'organization', 'structure', 'societe', 'company', 'entreprise']],
];
const FIELD_BY_HEADER = new Map(FIELD_KEYS.flatMap(([key, names]) => names.map((n) => [n, key] as const)));

/** A field key from any header: the normalised header with `_` for spaces (e.g. "Taille T-shirt" → taille_t_shirt). */
export function fieldKey(header: string, index: number): string {
  const k = normalizeHeader(header).replaceAll(' ', '_').slice(0, 64);
  return k || `column_${index + 1}`;
}

function autoTarget(header: string): Target | undefined {
  const n = normalizeHeader(header);
  if (EMAIL.has(n)) return 'email';
  if (FULL_NAME.has(n)) return 'name';
  if (FIRST_NAME.has(n)) return 'first_name';
  if (LAST_NAME.has(n)) return 'last_name';
  return undefined;
}

/**
 * Parses `email=Courriel,first_name=Prénom,city=Ville,ignore=Numéro`: TARGET=HEADER pairs where
 * TARGET is email, name, first_name, last_name, ignore, or any other word (a field key).
 */
export function parseMap(spec: string | undefined): Map<string, Target> {
  const out = new Map<string, Target>();
  if (!spec) return out;
  for (const pair of spec.split(',')) {
    if (!pair.trim()) continue;
    const i = pair.indexOf('=');
    const target = pair.slice(0, i).trim();
    const header = pair.slice(i + 1).trim();
    if (i <= 0 || !header || !/^[\p{L}\p{N}_-]{1,64}$/u.test(target)) {
      throw new FacteurError('ERR_VALIDATION', `the mapping "${pair}" is not TARGET=Header`, {
        hint: 'e.g. email=Courriel,first_name=Prénom,city=Ville (targets: email, name, first_name, last_name, ignore, or a field name)',
        details: { field: 'map' },
      });
    }
    const t: Target = ['email', 'name', 'first_name', 'last_name', 'ignore'].includes(target) ? (target as Target) : `field:${target}`;
    out.set(normalizeHeader(header), t);
  }
  return out;
}

/** Maps every header to a target: explicit mapping first, then recognised names, then a field. */
export function mapHeaders(headers: string[], explicit: Map<string, Target> = new Map()): Column[] {
  const used = new Set<string>();
  const taken = new Set<Target>();
  const columns: Column[] = headers.map((header, index) => {
    const forced = explicit.get(normalizeHeader(header));
    if (forced) {
      taken.add(forced);
      return { index, header, target: forced };
    }
    return { index, header, target: 'ignore' as Target };
  });
  for (const c of columns) {
    if (explicit.has(normalizeHeader(c.header))) continue;
    const auto = autoTarget(c.header);
    // A second "email" or "nom" column becomes a field rather than silently replacing the first.
    if (auto && !taken.has(auto)) {
      c.target = auto;
      taken.add(auto);
      continue;
    }
    const known = FIELD_BY_HEADER.get(normalizeHeader(c.header));
    let key = known && !used.has(known) ? known : fieldKey(c.header, c.index);
    for (let n = 2; used.has(key); n++) key = `${fieldKey(c.header, c.index)}_${n}`;
    used.add(key);
    c.target = `field:${key}`;
  }
  // Without a recognised e-mail header, fall back to the first header that mentions mail.
  if (!columns.some((c) => c.target === 'email')) {
    const guess = columns.find((c) => !explicit.has(normalizeHeader(c.header)) && /mail|courriel/.test(normalizeHeader(c.header)));
    if (guess) guess.target = 'email';
  }
  return columns;
}
