// Catalogue of the suppression-list pages, French (default) and English. Plain text only.
import type { Lang } from '../../i18n/index.ts';

export interface SuppressionMessages {
  title: string;
  intro: string;
  searchLabel: string;
  searchHint: string;
  searchButton: string;
  clearSearch: string;
  addLink: string;
  caption: string;
  captionSearch: (q: string) => string;
  address: string;
  why: string;
  since: string;
  origin: string;
  actions: string;
  see: string;
  empty: string;
  emptySearch: (q: string) => string;
  next: string;
  first: string;
  erasedAddress: string;
  platformHeading: string;
  platformFound: (address: string) => string;
  platformCannotRemove: string;
  /** Plain words for each kind of suppression. */
  kinds: {
    deadAddress: string;
    deadDomain: string;
    softBounces: string;
    otherBounce: string;
    complaint: string;
    unsubscribe: string;
    manual: string;
    erasure: string;
    import: string;
    platform: string;
  };
  origins: Record<string, string>;
  technical: (reason: string) => string;
  note: string;
  // Add
  addTitle: string;
  addIntro: string;
  addressLabel: string;
  addressHint: string;
  noteLabel: string;
  noteHint: string;
  addButton: string;
  cancel: string;
  errAddressEmpty: string;
  errAddressInvalid: (suggestion: string | null) => string;
  errTooLong: (max: number) => string;
  errControl: string;
  errAlready: string;
  // Remove
  removeTitle: (address: string) => string;
  removeIntro: string;
  removeWarnBounce: string;
  removeWarnComplaint: string;
  unsubscribeOnlyMember: string;
  removeWarnErasure: string;
  removeContactNote: string;
  memberAsked: string;
  errMemberAsked: string;
  removeButton: string;
  notices: Record<string, string>;
}

const fr: SuppressionMessages = {
  title: 'Adresses bloquées',
  intro:
    'facteur n’envoie plus rien à ces adresses, pour protéger la réputation de vos envois : une adresse qui n’existe pas ou un message signalé comme indésirable fait classer tous vos messages en spam. Chaque ligne dit pourquoi.',
  searchLabel: 'Chercher une adresse',
  searchHint: 'Une adresse complète, ou un morceau (par exemple « @orange.fr » ou « dupont »).',
  searchButton: 'Chercher',
  clearSearch: 'Voir toute la liste',
  addLink: 'Bloquer une adresse à la main',
  caption: 'Adresses bloquées, les plus récentes d’abord',
  captionSearch: (q) => `Adresses bloquées contenant « ${q} »`,
  address: 'Adresse',
  why: 'Pourquoi',
  since: 'Depuis',
  origin: 'Origine',
  actions: 'Détails',
  see: 'Voir ou débloquer',
  empty: 'Aucune adresse bloquée : tout va bien.',
  emptySearch: (q) => `Aucune adresse bloquée ne contient « ${q} ».`,
  next: 'Page suivante',
  first: 'Première page',
  erasedAddress: 'adresse effacée (seule une empreinte est gardée)',
  platformHeading: 'Sur la liste commune de la plateforme',
  platformFound: (a) => `${a} est sur la liste commune de la plateforme : un serveur de messagerie a répondu que cette boîte ou ce domaine n’existe pas.`,
  platformCannotRemove:
    'Cette liste protège toutes les associations hébergées ; vous ne pouvez pas en retirer une adresse. Si la personne a recréé sa boîte, demandez à l’hébergeur de la débloquer.',
  kinds: {
    deadAddress: 'L’adresse n’existe pas : le serveur du destinataire l’a refusée définitivement.',
    deadDomain: 'Le domaine de l’adresse n’existe pas ou ne reçoit pas de courrier.',
    softBounces: 'Trop d’échecs temporaires de suite (boîte pleine, serveur indisponible…) : facteur a arrêté d’essayer.',
    otherBounce: 'Le serveur du destinataire a refusé les messages définitivement.',
    complaint: 'La personne a signalé un de vos messages comme indésirable (spam).',
    unsubscribe: 'La personne s’est désabonnée de toutes vos listes.',
    manual: 'Ajoutée à la main par votre équipe.',
    erasure: 'Données effacées à la demande de la personne : on ne lui écrira plus jamais.',
    import: 'Marquée « ne pas écrire » lors d’un import.',
    platform: 'Adresse morte connue de toute la plateforme : un autre envoi a reçu la réponse que la boîte n’existe pas.',
  },
  origins: { bounce: 'retour d’erreur', complaint: 'signalement', unsubscribe: 'désabonnement', manual: 'votre équipe', erasure: 'effacement', import: 'import', platform: 'plateforme' },
  technical: (r) => `Raison technique : ${r}`,
  note: 'Note',
  addTitle: 'Bloquer une adresse',
  addIntro: 'facteur n’écrira plus à cette adresse, quelle que soit la liste. Utile quand une personne vous demande de ne plus lui écrire, ou quand vous savez qu’une adresse ne fonctionne plus.',
  addressLabel: 'Adresse e-mail',
  addressHint: 'Par exemple jeanne@example.org.',
  noteLabel: 'Pourquoi (note pour votre équipe)',
  noteHint: 'Facultatif, 500 caractères au plus. Par exemple « demandé par téléphone le 3 mars ».',
  addButton: 'Bloquer cette adresse',
  cancel: 'Annuler',
  errAddressEmpty: 'Saisissez l’adresse à bloquer.',
  errAddressInvalid: (s) => `Cette adresse n’est pas valide : elle doit ressembler à nom@domaine.fr, sans espace.${s ? ` Vouliez-vous dire ${s} ?` : ''}`,
  errTooLong: (n) => `C’est trop long : ${n} caractères au plus.`,
  errControl: 'Ce champ contient un retour à la ligne ou un caractère invisible : retapez-le sur une seule ligne.',
  errAlready: 'Cette adresse est déjà bloquée.',
  removeTitle: (a) => `Débloquer ${a}`,
  removeIntro: 'Après déblocage, facteur pourra de nouveau écrire à cette adresse.',
  removeWarnBounce:
    'Attention : le serveur du destinataire a refusé cette adresse. Ne la débloquez que si elle a été corrigée ou recréée ; sinon vos prochains envois seront refusés aussi, ce qui nuit à la réputation de tous vos messages.',
  removeWarnComplaint:
    'Attention : cette personne a signalé vos messages comme indésirables. Lui écrire de nouveau sans son accord risque de faire bloquer vos envois par sa messagerie. Ne débloquez que si elle vous a demandé de recevoir à nouveau vos messages.',
  unsubscribeOnlyMember:
    'Cette personne s’est désabonnée elle-même : seule elle peut revenir, par le lien « gérer mes abonnements » de n’importe lequel de vos messages ou par le formulaire d’inscription de votre liste. L’équipe ne peut pas annuler un désabonnement.',
  removeWarnErasure: 'Les données de cette personne ont été effacées à sa demande. Ne débloquez que si elle vous a demandé de recevoir à nouveau vos messages.',
  removeContactNote:
    'Si la personne est dans vos contacts, elle redevient active. Si elle s’était désabonnée de listes, c’est à elle de s’y réinscrire, par le formulaire d’inscription de la liste.',
  memberAsked: 'La personne m’a demandé de recevoir à nouveau les messages.',
  errMemberAsked: 'Cochez la case pour confirmer que la personne vous a demandé de recevoir à nouveau vos messages.',
  removeButton: 'Débloquer l’adresse',
  notices: {
    added: 'L’adresse est bloquée.',
    removed: 'L’adresse est débloquée.',
    removedPlatform: 'L’adresse est retirée de votre liste, mais elle reste bloquée par la liste commune de la plateforme (adresse morte).',
  },
};

const en: SuppressionMessages = {
  title: 'Blocked addresses',
  intro:
    'facteur no longer sends anything to these addresses, to protect your mail’s reputation: an address that does not exist, or a message reported as spam, gets all your messages filed as spam. Each row says why.',
  searchLabel: 'Search an address',
  searchHint: 'A full address, or part of one (for example “@orange.fr” or “smith”).',
  searchButton: 'Search',
  clearSearch: 'Show the whole list',
  addLink: 'Block an address by hand',
  caption: 'Blocked addresses, newest first',
  captionSearch: (q) => `Blocked addresses containing “${q}”`,
  address: 'Address',
  why: 'Why',
  since: 'Since',
  origin: 'Origin',
  actions: 'Details',
  see: 'See or unblock',
  empty: 'No blocked address: all is well.',
  emptySearch: (q) => `No blocked address contains “${q}”.`,
  next: 'Next page',
  first: 'First page',
  erasedAddress: 'address erased (only a fingerprint is kept)',
  platformHeading: 'On the platform’s shared list',
  platformFound: (a) => `${a} is on the platform’s shared list: a mail server answered that this mailbox or domain does not exist.`,
  platformCannotRemove:
    'This list protects every hosted association; you cannot remove an address from it. If the person has re-created their mailbox, ask the host to unblock it.',
  kinds: {
    deadAddress: 'The address does not exist: the recipient’s server refused it for good.',
    deadDomain: 'The address’s domain does not exist or does not receive mail.',
    softBounces: 'Too many temporary failures in a row (mailbox full, server down…): facteur stopped trying.',
    otherBounce: 'The recipient’s server refused the messages for good.',
    complaint: 'The person reported one of your messages as spam.',
    unsubscribe: 'The person unsubscribed from all your lists.',
    manual: 'Added by hand by your team.',
    erasure: 'Data erased at the person’s request: they will never be written to again.',
    import: 'Marked “do not mail” in an import.',
    platform: 'Dead address known to the whole platform: another mailing got the answer that the mailbox does not exist.',
  },
  origins: { bounce: 'error report', complaint: 'spam report', unsubscribe: 'unsubscribe', manual: 'your team', erasure: 'erasure', import: 'import', platform: 'platform' },
  technical: (r) => `Technical reason: ${r}`,
  note: 'Note',
  addTitle: 'Block an address',
  addIntro: 'facteur will no longer write to this address, whatever the list. Useful when someone asks you to stop writing to them, or when you know an address no longer works.',
  addressLabel: 'E-mail address',
  addressHint: 'For example jane@example.org.',
  noteLabel: 'Why (a note for your team)',
  noteHint: 'Optional, 500 characters at most. For example “asked by phone on 3 March”.',
  addButton: 'Block this address',
  cancel: 'Cancel',
  errAddressEmpty: 'Enter the address to block.',
  errAddressInvalid: (s) => `This address is not valid: it must look like name@domain.org, with no spaces.${s ? ` Did you mean ${s}?` : ''}`,
  errTooLong: (n) => `This is too long: ${n} characters at most.`,
  errControl: 'This field contains a line break or an invisible character: type it again on one line.',
  errAlready: 'This address is already blocked.',
  removeTitle: (a) => `Unblock ${a}`,
  removeIntro: 'Once unblocked, facteur may write to this address again.',
  removeWarnBounce:
    'Careful: the recipient’s server refused this address. Unblock it only if it was corrected or re-created; otherwise your next mailings will be refused too, which harms the reputation of all your messages.',
  removeWarnComplaint:
    'Careful: this person reported your messages as spam. Writing to them again without their consent may get your mail blocked by their provider. Unblock only if they asked you to receive your messages again.',
  unsubscribeOnlyMember:
    'This person unsubscribed themselves: only they can come back, through the “manage my subscriptions” link of any of your messages or your list’s subscription form. The team cannot undo an unsubscribe.',
  removeWarnErasure: 'This person’s data was erased at their request. Unblock only if they asked you to receive your messages again.',
  removeContactNote:
    'If the person is among your contacts, they become active again. If they had unsubscribed from lists, they subscribe again themselves, through the list’s subscription form.',
  memberAsked: 'The person asked me to receive the messages again.',
  errMemberAsked: 'Tick the box to confirm the person asked you to receive your messages again.',
  removeButton: 'Unblock the address',
  notices: {
    added: 'The address is blocked.',
    removed: 'The address is unblocked.',
    removedPlatform: 'The address is off your list, but it stays blocked by the platform’s shared list (dead address).',
  },
};

export function suppressionMessages(lang: Lang): SuppressionMessages {
  return lang === 'en' ? en : fr;
}
