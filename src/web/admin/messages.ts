// Message catalogues of the admin interface, French (default) and English. Plain text only:
// templates escape every value, so a catalogue cannot inject markup.
import type { Lang } from '../i18n/index.ts';

export interface AdminMessages {
  lang: string;
  languageName: string;
  common: {
    appName: string;
    skipLink: string;
    languageLabel: string;
    navLabel: string;
    dashboard: string;
    signOut: string;
    signedInAs: (email: string, where: string) => string;
    operatorScope: string;
    back: string;
  };
  nav: {
    campaigns: string;
    contacts: string;
    lists: string;
    suppressions: string;
    domain: string;
    integrations: string;
    team: string;
  };
  login: {
    title: string;
    intro: string;
    email: string;
    password: string;
    tenant: string;
    tenantHint: string;
    submit: string;
    failed: string;
    tooMany: (seconds: number) => string;
    expired: string;
    signedOut: string;
  };
  dashboard: {
    title: (association: string) => string;
    warningsHeading: string;
    tenantPaused: (reason: string | null) => string;
    tenantSuspended: (reason: string | null) => string;
    campaignPaused: (name: string) => string;
    noDomain: string;
    noDkim: string;
    nearLimits: (bounceRate: string, complaintRate: string) => string;
    allowanceReached: (waiting: number, expectedBy: number | null) => string;
    standingHeading: string;
    standingIntro: string;
    sentInWindow: string;
    bounceRate: string;
    complaintRate: string;
    tooFewToJudge: string;
    startedToday: string;
    warmupAllowance: string;
    warmupValue: (allowance: string, cleanDays: number) => string;
    quotaDaily: string;
    quotaHourly: string;
    waiting: string;
    waitingUntil: (waiting: string, date: string) => string;
    campaignsHeading: string;
    noCampaigns: string;
    caption: string;
    operatorIntro: string;
    tenantsHeading: string;
    tenantStatuses: Record<string, string>;
  };
  campaign: {
    name: string;
    status: string;
    delivered: string;
    deferred: string;
    bounced: string;
    complained: string;
    unsubscribed: string;
    inProgress: string;
    statuses: Record<string, string>;
    states: Record<string, string>;
    reportTitle: (name: string) => string;
    summaryHeading: string;
    subject: (subject: string) => string;
    stateHeading: string;
    stateCaption: string;
    state: string;
    count: string;
    reasonHeading: string;
    reasonCaption: string;
    reason: string;
    noFailures: string;
    downloadFailures: string;
    downloadHint: string;
    csvHeader: string[];
  };
  errors: {
    notFoundTitle: string;
    notFound: string;
    forbiddenTitle: string;
    csrf: string;
    badRequest: string;
    serverError: string;
    adminOnlyTitle: string;
    adminOnly: string;
    tooLargeTitle: string;
    tooLarge: string;
  };
}

const fr: AdminMessages = {
  lang: 'fr',
  languageName: 'Français',
  common: {
    appName: 'facteur',
    skipLink: 'Aller au contenu',
    languageLabel: 'Langue',
    navLabel: 'Navigation principale',
    dashboard: 'Tableau de bord',
    signOut: 'Se déconnecter',
    signedInAs: (email, where) => `Connecté·e : ${email} (${where})`,
    operatorScope: 'opérateur de la plateforme',
    back: 'Retour au tableau de bord',
  },
  nav: {
    campaigns: 'Envois',
    contacts: 'Contacts',
    lists: 'Listes',
    suppressions: 'Adresses bloquées',
    domain: 'Domaine',
    integrations: 'Intégrations',
    team: 'Équipe',
  },
  login: {
    title: 'Connexion',
    intro: 'Connectez-vous pour gérer les envois de votre association.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    tenant: 'Identifiant de l’association',
    tenantHint: 'Par exemple « atelier-velo ». Laissez vide si vous êtes opérateur·rice de la plateforme.',
    submit: 'Se connecter',
    failed: 'Adresse e-mail, mot de passe ou association incorrects.',
    tooMany: (s) => `Trop de tentatives. Réessayez dans ${s} seconde${s > 1 ? 's' : ''}.`,
    expired: 'Votre session a expiré : reconnectez-vous.',
    signedOut: 'Vous êtes déconnecté·e.',
  },
  dashboard: {
    title: (a) => `Tableau de bord — ${a}`,
    warningsHeading: 'À surveiller',
    tenantPaused: (r) => `Les envois de l’association sont en pause (protection de la réputation)${r ? ` : ${r}` : '.'}`,
    tenantSuspended: (r) => `Les envois de l’association sont suspendus par l’hébergeur${r ? ` : ${r}` : '.'}`,
    campaignPaused: (n) => `L’envoi « ${n} » est en pause.`,
    noDomain: 'Aucun domaine d’envoi n’est configuré : vos messages partent sous le domaine de la plateforme. Voir la page Domaine.',
    noDkim: 'Votre domaine d’envoi n’a pas encore de clé DKIM : les messageries risquent de refuser vos messages. Voir la page Domaine.',
    nearLimits: (b, c) => `Attention : taux d’adresses inexistantes ${b}, taux de signalements comme indésirables ${c}. Au-delà des seuils, les envois de l’association seront mis en pause. Retirez les adresses en échec de votre fichier.`,
    allowanceReached: (w, e) => `Limite d’envoi atteinte pour l’instant : ${w} message${w > 1 ? 's' : ''} attend${w > 1 ? 'ent' : ''} et partir${w > 1 ? 'ont' : 'a'} automatiquement${e === null ? '' : ' dans les prochains jours'}.`,
    standingHeading: 'Réputation d’envoi',
    standingIntro: 'Sur les derniers jours d’envoi. Les messageries jugent l’association sur ces chiffres.',
    sentInWindow: 'Messages envoyés',
    bounceRate: 'Adresses inexistantes',
    complaintRate: 'Signalés comme indésirables',
    tooFewToJudge: 'pas encore assez d’envois pour juger',
    startedToday: 'Messages partis aujourd’hui',
    warmupAllowance: 'Montée en charge',
    warmupValue: (a, d) => `${a} messages par jour pour l’instant (${d} jour${d > 1 ? 's' : ''} d’envoi sans problème) ; la limite grandit à chaque journée propre.`,
    quotaDaily: 'Quota par jour',
    quotaHourly: 'Quota par heure',
    waiting: 'En attente d’envoi',
    waitingUntil: (w, d) => `${w} (tout devrait être parti le ${d})`,
    campaignsHeading: 'Derniers envois',
    noCampaigns: 'Aucun envoi pour l’instant.',
    caption: 'Derniers envois et leurs résultats',
    operatorIntro: 'Vous êtes connecté·e en tant qu’opérateur·rice. Voici l’état des associations hébergées.',
    tenantsHeading: 'Associations',
    tenantStatuses: { active: 'active', paused: 'en pause', suspended: 'suspendue' },
  },
  campaign: {
    name: 'Envoi',
    status: 'État',
    delivered: 'Remis',
    deferred: 'Différés',
    bounced: 'Rejetés',
    complained: 'Signalés comme indésirables',
    unsubscribed: 'Désabonnements',
    inProgress: 'En attente',
    statuses: { draft: 'Brouillon', scheduled: 'Programmé', sending: 'En cours', paused: 'En pause', sent: 'Envoyé', cancelled: 'Annulé' },
    states: {
      queued: 'En file d’attente',
      sending: 'En cours d’envoi',
      delivered: 'Remis',
      deferred: 'Différé (nouvel essai prévu)',
      bounced: 'Rejeté',
      suppressed: 'Non envoyé (adresse bloquée)',
      expired: 'Abandonné (trop d’essais)',
      cancelled: 'Annulé',
    },
    reportTitle: (n) => `Rapport — ${n}`,
    summaryHeading: 'Résumé',
    subject: (s) => `Objet : ${s}`,
    stateHeading: 'Messages par état',
    stateCaption: 'Nombre de messages par état',
    state: 'État',
    count: 'Nombre',
    reasonHeading: 'Échecs par raison',
    reasonCaption: 'Messages non remis, par raison',
    reason: 'Raison',
    noFailures: 'Aucun échec.',
    downloadFailures: 'Télécharger les adresses en échec (CSV)',
    downloadHint: 'À corriger dans votre fichier d’adhérent·es.',
    csvHeader: ['adresse', 'nom', 'type', 'raison', 'code', 'réponse', 'date'],
  },
  errors: {
    notFoundTitle: 'Page introuvable',
    notFound: 'Cette page n’existe pas, ou elle ne concerne pas votre association.',
    forbiddenTitle: 'Formulaire refusé',
    csrf: 'Ce formulaire a expiré ou ne vient pas de cette page. Rechargez la page et réessayez.',
    badRequest: 'La demande est invalide.',
    serverError: 'Une erreur est survenue de notre côté. Réessayez dans un moment.',
    tooLargeTitle: 'Formulaire trop long',
    tooLarge: 'Ce formulaire contient plus de texte que facteur n’en accepte (64 Ko). Raccourcissez les champs les plus longs, puis revenez en arrière et renvoyez-le. Pour un fichier de contacts, utilisez la page d’import.',
    adminOnlyTitle: 'Réservé aux administrateur·rices',
    adminOnly: 'Cette page est réservée aux administrateur·rices de l’association. Demandez à l’un·e d’entre elles ou eux.',
  },
};

const en: AdminMessages = {
  lang: 'en',
  languageName: 'English',
  common: {
    appName: 'facteur',
    skipLink: 'Skip to content',
    languageLabel: 'Language',
    navLabel: 'Main navigation',
    dashboard: 'Dashboard',
    signOut: 'Sign out',
    signedInAs: (email, where) => `Signed in: ${email} (${where})`,
    operatorScope: 'platform operator',
    back: 'Back to the dashboard',
  },
  nav: {
    campaigns: 'Mailings',
    contacts: 'Contacts',
    lists: 'Lists',
    suppressions: 'Blocked addresses',
    domain: 'Domain',
    integrations: 'Integrations',
    team: 'Team',
  },
  login: {
    title: 'Sign in',
    intro: 'Sign in to manage your association’s mailings.',
    email: 'E-mail address',
    password: 'Password',
    tenant: 'Association identifier',
    tenantHint: 'For example “bike-workshop”. Leave empty if you operate the platform.',
    submit: 'Sign in',
    failed: 'Wrong e-mail address, password or association.',
    tooMany: (s) => `Too many attempts. Try again in ${s} second${s > 1 ? 's' : ''}.`,
    expired: 'Your session has expired: please sign in again.',
    signedOut: 'You are signed out.',
  },
  dashboard: {
    title: (a) => `Dashboard — ${a}`,
    warningsHeading: 'Needs attention',
    tenantPaused: (r) => `The association’s sending is paused (reputation protection)${r ? `: ${r}` : '.'}`,
    tenantSuspended: (r) => `The association’s sending is suspended by the host${r ? `: ${r}` : '.'}`,
    campaignPaused: (n) => `The mailing “${n}” is paused.`,
    noDomain: 'No sending domain is set up: your messages go out under the platform’s domain. See the Domain page.',
    noDkim: 'Your sending domain has no DKIM key yet: mailbox providers may refuse your messages. See the Domain page.',
    nearLimits: (b, c) => `Careful: addresses that do not exist ${b}, marked as spam ${c}. Past the limits, the association’s sending will be paused. Remove the failed addresses from your file.`,
    allowanceReached: (w, e) => `Sending limit reached for now: ${w} message${w > 1 ? 's' : ''} wait${w > 1 ? '' : 's'} and will go out automatically${e === null ? '' : ' over the next days'}.`,
    standingHeading: 'Sending reputation',
    standingIntro: 'Over the last sending days. Mailbox providers judge the association on these figures.',
    sentInWindow: 'Messages sent',
    bounceRate: 'Addresses that do not exist',
    complaintRate: 'Marked as spam',
    tooFewToJudge: 'not enough mail yet to judge',
    startedToday: 'Messages sent today',
    warmupAllowance: 'Warm-up',
    warmupValue: (a, d) => `${a} messages a day for now (${d} clean sending day${d > 1 ? 's' : ''}); the limit grows with each clean day.`,
    quotaDaily: 'Daily quota',
    quotaHourly: 'Hourly quota',
    waiting: 'Waiting to be sent',
    waitingUntil: (w, d) => `${w} (all should be out by ${d})`,
    campaignsHeading: 'Latest mailings',
    noCampaigns: 'No mailing yet.',
    caption: 'Latest mailings and their results',
    operatorIntro: 'You are signed in as an operator. Here is the state of the hosted associations.',
    tenantsHeading: 'Associations',
    tenantStatuses: { active: 'active', paused: 'paused', suspended: 'suspended' },
  },
  campaign: {
    name: 'Mailing',
    status: 'Status',
    delivered: 'Delivered',
    deferred: 'Deferred',
    bounced: 'Bounced',
    complained: 'Marked as spam',
    unsubscribed: 'Unsubscribed',
    inProgress: 'Waiting',
    statuses: { draft: 'Draft', scheduled: 'Scheduled', sending: 'Sending', paused: 'Paused', sent: 'Sent', cancelled: 'Cancelled' },
    states: {
      queued: 'Queued',
      sending: 'Being sent',
      delivered: 'Delivered',
      deferred: 'Deferred (will retry)',
      bounced: 'Bounced',
      suppressed: 'Not sent (address blocked)',
      expired: 'Given up (too many tries)',
      cancelled: 'Cancelled',
    },
    reportTitle: (n) => `Report — ${n}`,
    summaryHeading: 'Summary',
    subject: (s) => `Subject: ${s}`,
    stateHeading: 'Messages by state',
    stateCaption: 'Number of messages in each state',
    state: 'State',
    count: 'Count',
    reasonHeading: 'Failures by reason',
    reasonCaption: 'Undelivered messages, by reason',
    reason: 'Reason',
    noFailures: 'No failures.',
    downloadFailures: 'Download the failed addresses (CSV)',
    downloadHint: 'Fix them in your member file.',
    csvHeader: ['address', 'name', 'kind', 'reason', 'code', 'response', 'date'],
  },
  errors: {
    notFoundTitle: 'Page not found',
    notFound: 'This page does not exist, or it does not belong to your association.',
    forbiddenTitle: 'Form refused',
    csrf: 'This form has expired or did not come from this page. Reload the page and try again.',
    badRequest: 'The request is not valid.',
    serverError: 'Something went wrong on our side. Try again in a moment.',
    tooLargeTitle: 'Form too long',
    tooLarge: 'This form holds more text than facteur accepts (64 KB). Shorten the longest fields, then go back and send it again. For a file of contacts, use the import page.',
    adminOnlyTitle: 'For administrators only',
    adminOnly: 'This page is for the association’s administrators. Ask one of them.',
  },
};

const CATALOGUES: Record<Lang, AdminMessages> = { fr, en };

export function adminMessages(lang: Lang): AdminMessages {
  return CATALOGUES[lang];
}
