// Catalogue of the campaign pages (list, editor, preview, test, send, progress), French (default)
// and English. Plain text only: templates escape every value. The report's figures and state
// names shared with the dashboard stay in ../messages.ts (`campaign`).
import type { Lang } from '../../i18n/index.ts';

export interface CampaignMessages {
  listTitle: string;
  listIntro: string;
  newCampaign: string;
  caption: string;
  date: string;
  created: (when: string) => string;
  scheduledFor: (when: string) => string;
  startedAt: (when: string) => string;
  empty: string;
  older: string;
  newest: string;
  done: Record<'created' | 'saved' | 'tested' | 'scheduled' | 'started' | 'paused' | 'resumed' | 'cancelled', string>;
  testQueued: (n: number) => string;

  // Editor.
  newTitle: string;
  editTitle: (name: string) => string;
  editorHeading: string;
  name: string;
  nameHint: string;
  subject: string;
  subjectHint: string;
  fromName: string;
  fromNameHint: (dflt: string) => string;
  replyTo: string;
  replyToHint: string;
  lists: string;
  listsHint: string;
  listMembers: (n: string) => string;
  noLists: string;
  body: string;
  bodyHint: string;
  mergeHeading: string;
  mergeIntro: string;
  mergeDefault: string;
  save: string;
  preview: string;
  unsavedNotice: string;
  savedVersionNote: string;
  notEditable: (status: string) => string;
  toReport: string;
  toEditor: string;
  backToList: string;

  // Field errors.
  required: string;
  tooLong: (max: string, got: string) => string;
  lineBreak: string;
  invalidAddress: (value: string) => string;
  didYouMean: (s: string) => string;
  fromNotAllowed: (domains: string) => string;
  listGone: string;
  tooManyLists: (max: number) => string;
  unknownField: (field: string, where: string, known: string) => string;
  badTag: (tag: string, where: string) => string;
  whereSubject: string;
  whereBody: string;
  templateError: string;
  senderUnusable: (address: string) => string;
  bodyTooLarge: (max: string) => string;
  stateRefused: (status: string) => string;

  // Preview.
  previewHeading: string;
  previewSubject: (s: string) => string;
  previewFor: (address: string) => string;
  previewNoContact: string;
  previewNothing: string;
  viewDesktop: string;
  viewMobile: string;
  viewText: string;
  frameTitle: (view: string) => string;
  remoteImages: string;
  previewUnavailable: string;

  // Hints and hygiene.
  hintsHeading: string;
  noHints: string;
  severity: Record<'info' | 'warning', string>;
  hygieneHeading: string;
  hygieneNoLists: string;
  audience: (n: string) => string;
  sendable: (n: string) => string;
  skipped: string;
  invalid: (n: string) => string;
  suppressed: (n: string) => string;
  bySource: (source: string, n: string) => string;
  platformList: (n: string) => string;
  sources: Record<string, string>;
  excludedByStatus: (n: string) => string;
  notesHeading: string;
  neverConfirmed: (n: string) => string;
  softBouncing: (n: string) => string;
  roleAccounts: (n: string) => string;
  recentlyMailed: (n: string, days: number) => string;
  invalidExample: (address: string) => string;

  // Test.
  testHeading: string;
  testIntro: string;
  testTo: string;
  testHint: (max: number) => string;
  testSend: string;
  testTooMany: (max: number) => string;
  testNone: string;

  // Send / schedule.
  sendHeading: string;
  sendLink: string;
  confirmTitle: (name: string) => string;
  confirmIntro: (n: string) => string;
  confirmNobody: string;
  confirmSkipped: (n: string) => string;
  when: string;
  now: string;
  later: string;
  at: string;
  atHint: (zone: string) => string;
  atRequired: string;
  atInvalid: string;
  atPast: string;
  confirmSend: (n: string) => string;
  confirmSchedule: string;
  cancelLink: string;
  noListChosen: string;
  scheduledNote: (when: string, zone: string) => string;

  // Life of a sending campaign.
  actionsHeading: string;
  pause: string;
  resume: string;
  pauseHint: string;
  cancelTitle: (name: string) => string;
  cancelIntro: string;
  cancelConfirm: string;
  cancelCheck: string;
  cancelMustCheck: string;
  keep: string;
  progressHeading: string;
  progressLabel: string;
  progressText: (done: string, total: string) => string;
  refreshNote: string;
  viewMessage: string;
  tooLarge: (max: string) => string;
}

/** Why an address is blocked, by the suppression's source. */
const sourcesFr: Record<string, string> = {
  bounce: 'messages rejetés',
  complaint: 'signalement comme indésirable',
  unsubscribe: 'désinscription',
  manual: 'bloquée à la main',
  import: 'bloquée à l’import',
  erasure: 'effacement demandé',
};
const sourcesEn: Record<string, string> = {
  bounce: 'bounced messages',
  complaint: 'marked as spam',
  unsubscribe: 'unsubscribed',
  manual: 'blocked by hand',
  import: 'blocked at import',
  erasure: 'erasure requested',
};

const fr: CampaignMessages = {
  listTitle: 'Envois',
  listIntro: 'Vos lettres d’information et annonces : brouillons, envois programmés, en cours et terminés.',
  newCampaign: 'Nouvel envoi',
  caption: 'Envois de l’association, du plus récent au plus ancien',
  date: 'Date',
  created: (w) => `créé le ${w}`,
  scheduledFor: (w) => `prévu le ${w}`,
  startedAt: (w) => `parti le ${w}`,
  empty: 'Aucun envoi pour l’instant. Commencez par « Nouvel envoi ».',
  older: 'Envois plus anciens',
  newest: 'Revenir aux plus récents',
  done: {
    created: 'Brouillon créé.',
    saved: 'Brouillon enregistré.',
    tested: 'Le test est en file d’attente : il arrive dans quelques minutes.',
    scheduled: 'L’envoi est programmé.',
    started: 'L’envoi a commencé. Cette page se met à jour toute seule.',
    paused: 'L’envoi est en pause : plus aucun message ne part.',
    resumed: 'L’envoi reprend.',
    cancelled: 'L’envoi est annulé : les messages qui n’étaient pas partis ne partiront pas.',
  },
  testQueued: (n) => `Test envoyé à ${n} adresse${n > 1 ? 's' : ''}.`,

  newTitle: 'Nouvel envoi',
  editTitle: (n) => `Modifier — ${n}`,
  editorHeading: 'Le message',
  name: 'Nom de l’envoi',
  nameHint: 'Pour vous retrouver dans vos envois ; les membres ne le voient pas.',
  subject: 'Objet',
  subjectHint: 'Ce que les membres voient dans leur boîte de réception. Vous pouvez y mettre un champ de fusion, par exemple {{ first_name }}.',
  fromName: 'Nom de l’expéditeur (facultatif)',
  fromNameHint: (d) => `Vide : « ${d} ».`,
  replyTo: 'Adresse de réponse (facultatif)',
  replyToHint: 'Où arrivent les réponses des membres. Vide : l’adresse de réponse de l’association, s’il y en a une.',
  lists: 'Listes destinataires',
  listsHint: 'Chaque membre abonné et actif reçoit le message une seule fois, même s’il est dans plusieurs listes.',
  listMembers: (n) => `${n} abonné·es`,
  noLists: 'Aucune liste pour l’instant : créez-en une dans « Listes » avant d’envoyer.',
  body: 'Texte du message (Markdown)',
  bodyHint: 'Markdown : **gras**, *italique*, # titre, [texte du lien](https://…), - liste, > citation. Une ligne vide sépare les paragraphes.',
  mergeHeading: 'Champs de fusion',
  mergeIntro: 'Écrivez un champ entre doubles accolades ; il est remplacé pour chaque membre. Champs connus :',
  mergeDefault: 'Valeur par défaut si un membre n’a pas ce champ : {{ first_name | default: "ami·e" }}',
  save: 'Enregistrer le brouillon',
  preview: 'Prévisualiser',
  unsavedNotice: 'Aperçu de ce que vous avez tapé : rien n’est encore enregistré.',
  savedVersionNote: 'Le test et l’envoi utilisent la dernière version enregistrée.',
  notEditable: (s) => `Cet envoi est « ${s} » : il ne peut plus être modifié.`,
  toReport: 'Voir le suivi de l’envoi',
  toEditor: 'Modifier le brouillon',
  backToList: 'Retour aux envois',

  required: 'Ce champ est obligatoire.',
  tooLong: (max, got) => `Trop long : ${max} caractères au plus (il y en a ${got}).`,
  lineBreak: 'Pas de retour à la ligne ni de caractère invisible ici : tout doit tenir sur une ligne.',
  invalidAddress: (v) => `« ${v} » n’est pas une adresse e-mail valide.`,
  didYouMean: (s) => `Vouliez-vous dire ${s} ?`,
  fromNotAllowed: (d) => `Cette adresse n’est pas sur un domaine d’envoi de l’association (${d}).`,
  listGone: 'Une des listes choisies n’existe plus : décochez-la.',
  tooManyLists: (max) => `${max} listes au plus.`,
  unknownField: (f, w, k) => `Champ inconnu « ${f} » dans ${w} : vos contacts n’ont pas ce champ. Champs connus : ${k}.`,
  badTag: (t, w) => `Balise illisible ${t} dans ${w} : écrivez {{ champ }} ou {{ champ | default: "texte" }}, et fermez chaque « {{ » par « }} ».`,
  whereSubject: 'l’objet',
  whereBody: 'le texte',
  templateError: 'Le message ne peut pas être composé : corrigez l’erreur signalée.',
  senderUnusable: (a) => `L’adresse d’expédition ${a} n’est pas utilisable : l’hébergeur doit configurer un vrai nom de domaine pour la plateforme, ou l’association son domaine d’envoi (page « Domaine »).`,
  bodyTooLarge: (max) => `Le texte est trop long : ${max} caractères au plus.`,
  stateRefused: (s) => `Impossible : l’envoi est « ${s} ». Rechargez la page pour voir où il en est.`,

  previewHeading: 'Aperçu',
  previewSubject: (s) => `Objet : ${s}`,
  previewFor: (a) => `Tel que le recevra ${a} (premier membre des listes choisies).`,
  previewNoContact: 'Sans membre d’exemple (aucune liste choisie ou listes vides) : les champs de fusion sont vides ou prennent leur valeur par défaut.',
  previewNothing: 'Écrivez le message puis « Prévisualiser » pour le voir ici.',
  viewDesktop: 'Ordinateur',
  viewMobile: 'Téléphone (360 pixels de large)',
  viewText: 'Texte seul',
  frameTitle: (v) => `Aperçu du message : ${v}`,
  remoteImages: 'Les images hébergées sur un autre site ne sont pas chargées dans l’aperçu (et beaucoup de messageries les bloquent aussi).',
  previewUnavailable: 'Aperçu impossible : corrigez l’erreur signalée dans l’éditeur.',

  hintsHeading: 'Conseils sur le contenu',
  noHints: 'Rien à signaler sur le contenu.',
  severity: { info: 'Conseil', warning: 'Attention' },
  hygieneHeading: 'État des adresses',
  hygieneNoLists: 'Choisissez au moins une liste pour voir qui recevra le message.',
  audience: (n) => `${n} membre(s) dans les listes choisies.`,
  sendable: (n) => `${n} recevront le message.`,
  skipped: 'Ne recevront pas le message :',
  invalid: (n) => `${n} adresse(s) invalide(s)`,
  suppressed: (n) => `${n} adresse(s) bloquée(s)`,
  bySource: (r, n) => `${r} : ${n}`,
  platformList: (n) => `dont ${n} sur la liste commune de la plateforme (adresses mortes connues)`,
  sources: sourcesFr,
  excludedByStatus: (n) => `${n} membre(s) abonné(s) mais désinscrit(s) ou en échec, laissé(s) de côté`,
  notesHeading: 'Recevront le message, mais à surveiller :',
  neverConfirmed: (n) => `${n} n’ont jamais confirmé leur adresse`,
  softBouncing: (n) => `${n} ont eu des rejets temporaires récents`,
  roleAccounts: (n) => `${n} adresses de fonction (contact@, info@…), souvent lues par plusieurs personnes`,
  recentlyMailed: (n, d) => `${n} ont déjà reçu un envoi ces ${d} derniers jours`,
  invalidExample: (a) => `Exemple d’adresse invalide : ${a}`,

  testHeading: 'Envoyer un test',
  testIntro: 'Le test part seulement aux adresses indiquées, avec « [TEST] » devant l’objet. Les listes ne reçoivent rien.',
  testTo: 'Adresses du test',
  testHint: (max) => `Jusqu’à ${max} adresses, séparées par des virgules ou des espaces.`,
  testSend: 'Envoyer le test',
  testTooMany: (max) => `${max} adresses au plus pour un test.`,
  testNone: 'Indiquez au moins une adresse.',

  sendHeading: 'Envoyer',
  sendLink: 'Envoyer ou programmer…',
  confirmTitle: (n) => `Envoyer — ${n}`,
  confirmIntro: (n) => `${n} personne(s) vont recevoir ce message.`,
  confirmNobody: 'Personne ne recevrait ce message : les listes choisies n’ont aucun membre à qui écrire.',
  confirmSkipped: (n) => `${n} adresse(s) seront laissées de côté (bloquées ou invalides).`,
  when: 'Quand ?',
  now: 'Maintenant',
  later: 'À une date et une heure précises',
  at: 'Date et heure d’envoi',
  atHint: (z) => `Heure de ${z}.`,
  atRequired: 'Indiquez la date et l’heure de l’envoi.',
  atInvalid: 'Date ou heure illisible : utilisez le format 2026-03-14T09:30.',
  atPast: 'Cette date est passée : choisissez un moment à venir, ou « Maintenant ».',
  confirmSend: (n) => `Confirmer l’envoi à ${n} personne(s)`,
  confirmSchedule: 'Vous pourrez encore modifier ou annuler l’envoi jusqu’à l’heure prévue.',
  cancelLink: 'Annuler l’envoi…',
  noListChosen: 'Aucune liste n’est choisie : modifiez le brouillon pour en cocher au moins une.',
  scheduledNote: (w, z) => `Programmé pour le ${w} (heure de ${z}).`,

  actionsHeading: 'Actions',
  pause: 'Mettre en pause',
  resume: 'Reprendre l’envoi',
  pauseHint: 'La pause arrête les messages qui n’étaient pas encore partis ; ceux déjà en route arrivent quand même.',
  cancelTitle: (n) => `Annuler — ${n}`,
  cancelIntro: 'Les messages qui ne sont pas encore partis ne partiront pas. Ceux déjà envoyés ne peuvent pas être rappelés. On ne peut pas revenir en arrière.',
  cancelConfirm: 'Annuler définitivement l’envoi',
  cancelCheck: 'Je comprends que l’annulation est définitive',
  cancelMustCheck: 'Cochez la case pour confirmer l’annulation.',
  keep: 'Ne rien annuler',
  progressHeading: 'Progression',
  progressLabel: 'Messages traités',
  progressText: (d, t) => `${d} sur ${t} traités`,
  refreshNote: 'Pendant l’envoi, cette page se met à jour toutes les 5 secondes.',
  viewMessage: 'Voir le message',
  tooLarge: (max) => `Le formulaire envoyé est trop gros (${max} au plus) : raccourcissez le texte du message.`,
};

const en: CampaignMessages = {
  listTitle: 'Mailings',
  listIntro: 'Your newsletters and announcements: drafts, scheduled, sending and finished mailings.',
  newCampaign: 'New mailing',
  caption: 'The association’s mailings, newest first',
  date: 'Date',
  created: (w) => `created ${w}`,
  scheduledFor: (w) => `scheduled for ${w}`,
  startedAt: (w) => `started ${w}`,
  empty: 'No mailing yet. Start with “New mailing”.',
  older: 'Older mailings',
  newest: 'Back to the newest',
  done: {
    created: 'Draft created.',
    saved: 'Draft saved.',
    tested: 'The test is queued: it arrives within a few minutes.',
    scheduled: 'The mailing is scheduled.',
    started: 'The mailing has started. This page updates itself.',
    paused: 'The mailing is paused: no more messages go out.',
    resumed: 'The mailing is going out again.',
    cancelled: 'The mailing is cancelled: messages that had not left will not be sent.',
  },
  testQueued: (n) => `Test sent to ${n} address${n > 1 ? 'es' : ''}.`,

  newTitle: 'New mailing',
  editTitle: (n) => `Edit — ${n}`,
  editorHeading: 'The message',
  name: 'Mailing name',
  nameHint: 'To find it among your mailings; members do not see it.',
  subject: 'Subject',
  subjectHint: 'What members see in their inbox. You may put a merge field in it, such as {{ first_name }}.',
  fromName: 'Sender name (optional)',
  fromNameHint: (d) => `Empty: “${d}”.`,
  replyTo: 'Reply-to address (optional)',
  replyToHint: 'Where members’ replies go. Empty: the association’s reply address, if it has one.',
  lists: 'Recipient lists',
  listsHint: 'Every subscribed, active member gets the message once, even if they are on several lists.',
  listMembers: (n) => `${n} subscribed`,
  noLists: 'No list yet: create one under “Lists” before sending.',
  body: 'Message text (Markdown)',
  bodyHint: 'Markdown: **bold**, *italic*, # heading, [link text](https://…), - list, > quote. A blank line separates paragraphs.',
  mergeHeading: 'Merge fields',
  mergeIntro: 'Write a field between double braces; it is replaced for each member. Known fields:',
  mergeDefault: 'Default value when a member has no such field: {{ first_name | default: "friend" }}',
  save: 'Save draft',
  preview: 'Preview',
  unsavedNotice: 'Preview of what you typed: nothing is saved yet.',
  savedVersionNote: 'The test and the mailing use the last saved version.',
  notEditable: (s) => `This mailing is “${s}”: it can no longer be changed.`,
  toReport: 'See the mailing’s progress',
  toEditor: 'Edit the draft',
  backToList: 'Back to the mailings',

  required: 'This field is required.',
  tooLong: (max, got) => `Too long: at most ${max} characters (this has ${got}).`,
  lineBreak: 'No line break or invisible character here: it must stay on one line.',
  invalidAddress: (v) => `“${v}” is not a valid e-mail address.`,
  didYouMean: (s) => `Did you mean ${s}?`,
  fromNotAllowed: (d) => `This address is not on one of the association’s sending domains (${d}).`,
  listGone: 'One of the chosen lists no longer exists: untick it.',
  tooManyLists: (max) => `At most ${max} lists.`,
  unknownField: (f, w, k) => `Unknown field “${f}” in ${w}: your contacts do not have it. Known fields: ${k}.`,
  badTag: (t, w) => `Unreadable tag ${t} in ${w}: write {{ field }} or {{ field | default: "text" }}, and close every “{{” with “}}”.`,
  whereSubject: 'the subject',
  whereBody: 'the text',
  templateError: 'The message cannot be composed: fix the error shown.',
  senderUnusable: (a) => `The sender address ${a} cannot be used: the host must give the platform a real domain name, or the association must set up its sending domain (“Domain” page).`,
  bodyTooLarge: (max) => `The text is too long: at most ${max} characters.`,
  stateRefused: (s) => `Not possible: the mailing is “${s}”. Reload the page to see where it stands.`,

  previewHeading: 'Preview',
  previewSubject: (s) => `Subject: ${s}`,
  previewFor: (a) => `As ${a} will get it (first member of the chosen lists).`,
  previewNoContact: 'No sample member (no list chosen, or empty lists): merge fields are empty or take their default value.',
  previewNothing: 'Write the message, then “Preview” to see it here.',
  viewDesktop: 'Computer',
  viewMobile: 'Phone (360 pixels wide)',
  viewText: 'Plain text',
  frameTitle: (v) => `Message preview: ${v}`,
  remoteImages: 'Images hosted on another site are not loaded in the preview (and many mail programs block them too).',
  previewUnavailable: 'No preview: fix the error shown in the editor.',

  hintsHeading: 'Content advice',
  noHints: 'Nothing to report about the content.',
  severity: { info: 'Tip', warning: 'Warning' },
  hygieneHeading: 'Address check',
  hygieneNoLists: 'Choose at least one list to see who will get the message.',
  audience: (n) => `${n} member(s) in the chosen lists.`,
  sendable: (n) => `${n} will get the message.`,
  skipped: 'Will not get the message:',
  invalid: (n) => `${n} invalid address(es)`,
  suppressed: (n) => `${n} blocked address(es)`,
  bySource: (r, n) => `${r}: ${n}`,
  platformList: (n) => `of which ${n} on the platform’s shared list (known dead addresses)`,
  sources: sourcesEn,
  excludedByStatus: (n) => `${n} subscribed member(s) left out because they unsubscribed or their address failed`,
  notesHeading: 'Will get the message, worth a look:',
  neverConfirmed: (n) => `${n} never confirmed their address`,
  softBouncing: (n) => `${n} had recent temporary failures`,
  roleAccounts: (n) => `${n} role addresses (contact@, info@…), often read by several people`,
  recentlyMailed: (n, d) => `${n} already got a mailing in the last ${d} days`,
  invalidExample: (a) => `Example of an invalid address: ${a}`,

  testHeading: 'Send a test',
  testIntro: 'The test goes only to the addresses given, with “[TEST]” before the subject. The lists get nothing.',
  testTo: 'Test addresses',
  testHint: (max) => `Up to ${max} addresses, separated by commas or spaces.`,
  testSend: 'Send the test',
  testTooMany: (max) => `At most ${max} addresses for a test.`,
  testNone: 'Give at least one address.',

  sendHeading: 'Send',
  sendLink: 'Send or schedule…',
  confirmTitle: (n) => `Send — ${n}`,
  confirmIntro: (n) => `${n} person(s) will get this message.`,
  confirmNobody: 'Nobody would get this message: the chosen lists have no member to write to.',
  confirmSkipped: (n) => `${n} address(es) will be left out (blocked or invalid).`,
  when: 'When?',
  now: 'Now',
  later: 'At a given date and time',
  at: 'Sending date and time',
  atHint: (z) => `${z} time.`,
  atRequired: 'Give the date and time of the mailing.',
  atInvalid: 'Unreadable date or time: use the form 2026-03-14T09:30.',
  atPast: 'This time has passed: choose a moment to come, or “Now”.',
  confirmSend: (n) => `Confirm sending to ${n} person(s)`,
  confirmSchedule: 'You can still change or cancel the mailing until the time set.',
  cancelLink: 'Cancel the mailing…',
  noListChosen: 'No list is chosen: edit the draft and tick at least one.',
  scheduledNote: (w, z) => `Scheduled for ${w} (${z} time).`,

  actionsHeading: 'Actions',
  pause: 'Pause',
  resume: 'Resume sending',
  pauseHint: 'Pausing stops the messages that had not left yet; those already on their way still arrive.',
  cancelTitle: (n) => `Cancel — ${n}`,
  cancelIntro: 'Messages that have not left yet will not be sent. Those already sent cannot be recalled. This cannot be undone.',
  cancelConfirm: 'Cancel the mailing for good',
  cancelCheck: 'I understand that cancelling cannot be undone',
  cancelMustCheck: 'Tick the box to confirm the cancellation.',
  keep: 'Cancel nothing',
  progressHeading: 'Progress',
  progressLabel: 'Messages processed',
  progressText: (d, t) => `${d} of ${t} processed`,
  refreshNote: 'While sending, this page updates every 5 seconds.',
  viewMessage: 'See the message',
  tooLarge: (max) => `The form sent is too large (at most ${max}): shorten the message text.`,
};

const CATALOGUES: Record<Lang, CampaignMessages> = { fr, en };

export function campaignMessages(lang: Lang): CampaignMessages {
  return CATALOGUES[lang];
}
