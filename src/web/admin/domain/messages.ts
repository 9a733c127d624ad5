// Catalogue of the sending-domain assistant, French (default) and English. Plain text only.
import type { Lang } from '../../i18n/index.ts';

export interface DomainMessages {
  title: string;
  intro: (platformDomain: string, slug: string) => string;
  domainLabel: string;
  domainHint: string;
  setButton: string;
  changeHeading: string;
  changeButton: string;
  errEmpty: string;
  errInvalid: string;
  errTooLong: string;
  errPlatform: (platformDomain: string) => string;
  stateVerified: (domain: string) => string;
  statePending: (domain: string) => string;
  stillVerified: (domain: string) => string;
  noKeys: (domain: string) => string;
  generateButton: string;
  recordsHeading: string;
  recordsIntro: string;
  recordName: string;
  recordHost: string;
  recordType: string;
  recordValue: string;
  purposes: Record<string, { title: string; why: string }>;
  required: string;
  recommended: string;
  spfAdvice: (include: string) => string;
  dmarcAdvice: string;
  dkimLong: string;
  checkHeading: string;
  checkIntro: string;
  checkButton: string;
  neverChecked: string;
  lastChecked: (when: string) => string;
  statuses: Record<'ok' | 'missing' | 'wrong' | 'unknown', string>;
  found: string;
  foundNothing: string;
  cancelButton: string;
  cancelHint: (verified: string) => string;
  notices: Record<string, string>;
}

const fr: DomainMessages = {
  title: 'Domaine d’envoi',
  intro: (p, s) =>
    `Pour que vos messages partent depuis l’adresse de votre association (par exemple info@votre-asso.fr) et soient bien reçus, votre domaine doit autoriser facteur à envoyer pour lui. Tant que ce n’est pas fait, vos messages partent depuis ${s}@${p}.`,
  domainLabel: 'Votre domaine',
  domainHint: 'Le nom de domaine de vos adresses, sans « www » ni « @ » : par exemple velo-solidaire.fr. 253 caractères au plus.',
  setButton: 'Préparer ce domaine',
  changeHeading: 'Changer de domaine',
  changeButton: 'Préparer ce domaine',
  errEmpty: 'Saisissez votre nom de domaine.',
  errInvalid: 'Ce n’est pas un nom de domaine valide : il doit ressembler à velo-solidaire.fr, sans espace, sans « @ » ni « http:// ».',
  errTooLong: 'C’est trop long : 253 caractères au plus.',
  errPlatform: (p) => `${p} est le domaine de la plateforme : vous pouvez déjà l’utiliser. Indiquez le domaine de votre association.`,
  stateVerified: (d) => `${d} est vérifié : vos messages peuvent partir depuis une adresse @${d}, signés avec votre clé DKIM.`,
  statePending: (d) => `${d} n’est pas encore vérifié : publiez les enregistrements ci-dessous dans la zone DNS du domaine, puis cliquez sur « Vérifier à nouveau ». En attendant, il ne peut pas servir d’adresse d’expéditeur.`,
  stillVerified: (d) => `En attendant, vos messages continuent de partir depuis @${d}.`,
  noKeys: (d) => `${d} est utilisé mais n’a pas encore de clé DKIM : créez-la pour que vos messages soient signés.`,
  generateButton: 'Créer la clé DKIM',
  recordsHeading: 'Enregistrements DNS à publier',
  recordsIntro:
    'Copiez ces enregistrements chez votre hébergeur de domaine (OVH, Gandi, Infomaniak…), dans la zone DNS. Certains hébergeurs demandent le nom complet, d’autres seulement la partie avant votre domaine (« Sous-domaine ») : les deux sont indiqués. Les changements mettent de quelques minutes à quelques heures à être visibles.',
  recordName: 'Nom complet',
  recordHost: 'Sous-domaine',
  recordType: 'Type',
  recordValue: 'Valeur',
  purposes: {
    dkim: { title: 'Clé DKIM', why: 'Prouve que les messages viennent bien de votre association et n’ont pas été modifiés. Indispensable : c’est ce qui vérifie le domaine.' },
    spf: { title: 'SPF', why: 'Dit aux messageries quels serveurs peuvent envoyer pour votre domaine.' },
    dmarc: { title: 'DMARC', why: 'Demandé par Gmail et Yahoo. « p=none » commence en douceur : rien n’est bloqué, vous recevez des rapports.' },
  },
  required: 'obligatoire',
  recommended: 'conseillé',
  spfAdvice: (i) =>
    `Si votre domaine a déjà un enregistrement SPF (il commence par v=spf1), n’en ajoutez pas un second : ajoutez seulement « include:${i} » dans l’existant, avant le « ~all » ou « -all » final. Gardez les termes « a » et « mx » si le serveur de messagerie de l’association envoie aussi depuis ce domaine.`,
  dmarcAdvice: 'L’adresse après « rua=mailto: » reçoit les rapports (des fichiers techniques) : créez-la, ou remplacez-la par une adresse que vous consultez. S’il existe déjà un enregistrement DMARC, gardez-le.',
  dkimLong: 'La valeur est longue : copiez-la en entier. Si votre hébergeur la coupe en plusieurs morceaux entre guillemets, c’est normal.',
  checkHeading: 'Vérification',
  checkIntro: 'facteur interroge le DNS pour voir si les enregistrements sont publiés et corrects.',
  checkButton: 'Vérifier à nouveau',
  neverChecked: 'Pas encore vérifié.',
  lastChecked: (w) => `Dernière vérification : ${w}.`,
  statuses: {
    ok: 'Trouvé et correct.',
    missing: 'Absent : ajoutez cet enregistrement (ou attendez qu’il soit visible).',
    wrong: 'Trouvé, mais la valeur ne convient pas : remplacez-la par celle indiquée.',
    unknown: 'Le DNS n’a pas répondu : réessayez dans quelques minutes.',
  },
  found: 'Trouvé :',
  foundNothing: 'rien',
  cancelButton: 'Abandonner ce changement',
  cancelHint: (v) => `Vous gardez ${v}.`,
  notices: {
    started: 'Le domaine est préparé : publiez les enregistrements ci-dessous.',
    unchanged: 'Ce domaine est déjà celui-ci : rien n’a changé.',
    verified: 'Le domaine est vérifié : vos messages peuvent partir depuis ce domaine.',
    checked: 'Vérification faite : voyez le résultat de chaque enregistrement.',
    cancelled: 'Le changement de domaine est abandonné.',
  },
};

const en: DomainMessages = {
  title: 'Sending domain',
  intro: (p, s) =>
    `For your messages to leave from your association’s address (for example info@your-club.org) and be well received, your domain must allow facteur to send for it. Until then, your messages leave from ${s}@${p}.`,
  domainLabel: 'Your domain',
  domainHint: 'The domain name of your addresses, without “www” or “@”: for example bike-club.org. 253 characters at most.',
  setButton: 'Prepare this domain',
  changeHeading: 'Change domain',
  changeButton: 'Prepare this domain',
  errEmpty: 'Enter your domain name.',
  errInvalid: 'This is not a valid domain name: it must look like bike-club.org, with no space, “@” or “http://”.',
  errTooLong: 'This is too long: 253 characters at most.',
  errPlatform: (p) => `${p} is the platform’s domain: you can use it already. Enter your association’s domain.`,
  stateVerified: (d) => `${d} is verified: your messages can leave from an address @${d}, signed with your DKIM key.`,
  statePending: (d) => `${d} is not verified yet: publish the records below in the domain’s DNS zone, then click “Check again”. Until then it cannot be used as the sender address.`,
  stillVerified: (d) => `Meanwhile, your messages still leave from @${d}.`,
  noKeys: (d) => `${d} is in use but has no DKIM key yet: create it so your messages are signed.`,
  generateButton: 'Create the DKIM key',
  recordsHeading: 'DNS records to publish',
  recordsIntro:
    'Copy these records at your domain host (OVH, Gandi, Infomaniak…), in the DNS zone. Some hosts want the full name, others only the part before your domain (“Host” or “Subdomain”): both are given. Changes take from a few minutes to a few hours to be visible.',
  recordName: 'Full name',
  recordHost: 'Host',
  recordType: 'Type',
  recordValue: 'Value',
  purposes: {
    dkim: { title: 'DKIM key', why: 'Proves the messages really come from your association and were not changed. Required: this is what verifies the domain.' },
    spf: { title: 'SPF', why: 'Tells mail providers which servers may send for your domain.' },
    dmarc: { title: 'DMARC', why: 'Required by Gmail and Yahoo. “p=none” starts gently: nothing is blocked, you receive reports.' },
  },
  required: 'required',
  recommended: 'recommended',
  spfAdvice: (i) =>
    `If your domain already has an SPF record (it starts with v=spf1), do not add a second one: only add “include:${i}” to the existing one, before the final “~all” or “-all”. Keep the “a” and “mx” terms if the association’s own mail server also sends from this domain.`,
  dmarcAdvice: 'The address after “rua=mailto:” receives the reports (technical files): create it, or replace it with an address you read. If there is a DMARC record already, keep it.',
  dkimLong: 'The value is long: copy all of it. If your host splits it into several quoted pieces, that is normal.',
  checkHeading: 'Check',
  checkIntro: 'facteur asks the DNS whether the records are published and correct.',
  checkButton: 'Check again',
  neverChecked: 'Not checked yet.',
  lastChecked: (w) => `Last checked: ${w}.`,
  statuses: {
    ok: 'Found and correct.',
    missing: 'Missing: add this record (or wait until it is visible).',
    wrong: 'Found, but the value is not right: replace it with the one given.',
    unknown: 'The DNS did not answer: try again in a few minutes.',
  },
  found: 'Found:',
  foundNothing: 'nothing',
  cancelButton: 'Abandon this change',
  cancelHint: (v) => `You keep ${v}.`,
  notices: {
    started: 'The domain is prepared: publish the records below.',
    unchanged: 'This is already your domain: nothing changed.',
    verified: 'The domain is verified: your messages can leave from this domain.',
    checked: 'Check done: see the result of each record.',
    cancelled: 'The domain change is abandoned.',
  },
};

export function domainMessages(lang: Lang): DomainMessages {
  return lang === 'en' ? en : fr;
}
