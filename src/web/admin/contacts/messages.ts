// Message catalogue of the contacts area (contacts, lists, segments), French and English. Plain
// text only: templates escape every value. A missing English string is a compile error.
import type { Lang } from '../../i18n/index.ts';
import type { ContactStatus, MembershipStatus, SuppressionSource } from '../../../core/model.ts';

export interface ContactsMessages {
  common: {
    save: string;
    cancel: string;
    saved: string;
    yes: string;
    none: string;
    nextPage: string;
    firstPage: string;
    pagerLabel: string;
    fieldName: string;
    fieldValue: string;
    fieldRow: (n: number) => string;
    fieldsLegend: string;
    fieldsHint: string;
    tooLong: (max: number) => string;
    controlChars: string;
    fieldNameInvalid: string;
    fieldNameTwice: (name: string) => string;
    fieldNoName: string;
    tooManyFields: (max: number) => string;
    fixBelow: string;
    confirmRequired: string;
  };
  statuses: Record<ContactStatus, string>;
  statusHints: Record<ContactStatus, string>;
  memberships: Record<MembershipStatus, string>;
  sources: Record<SuppressionSource, string>;
  contacts: {
    title: string;
    total: (n: string) => string;
    add: string;
    searchHeading: string;
    search: string;
    searchHint: string;
    list: string;
    anyList: string;
    status: string;
    anyStatus: string;
    submitSearch: string;
    statusUnknown: string;
    resultsHeading: string;
    caption: (n: string) => string;
    address: string;
    name: string;
    blocked: string;
    blockedBadge: string;
    noMatch: string;
    empty: string;
    importLink: string;
    deleted: string;
    erased: string;
  };
  add: {
    title: string;
    intro: string;
    address: string;
    addressHint: string;
    name: string;
    nameHint: string;
    consent: string;
    consentHint: string;
    listsLegend: string;
    listsHint: string;
    noLists: string;
    createList: string;
    submit: string;
    didYouMean: (suggestion: string) => string;
    useSuggestion: (suggestion: string) => string;
    keepTyped: (typed: string) => string;
    suggestionHint: string;
    suggestionOrFix: string;
    checkAddress: string;
    exists: string;
    seeExisting: string;
    required: string;
  };
  contact: {
    created: string;
    updated: string;
    subscribed: string;
    removed: string;
    factsHeading: string;
    status: string;
    addedOn: string;
    consent: string;
    consentNone: string;
    confirmedOn: string;
    blockedHeading: string;
    blockedIntro: string;
    blockedReason: string;
    blockedSource: string;
    blockedSince: string;
    blockedScope: string;
    scopeTenant: string;
    scopePlatform: string;
    blockedExpires: string;
    blockedLink: string;
    editHeading: string;
    statusField: string;
    statusHint: string;
    listsHeading: string;
    listsCaption: string;
    listCol: string;
    membershipCol: string;
    actionCol: string;
    notMember: string;
    subscribe: string;
    remove: string;
    removeLabel: (list: string) => string;
    subscribeLabel: (list: string) => string;
    selfUnsubscribed: string;
    noLists: string;
    membershipHint: string;
    deleteHeading: string;
    exportLink: string;
    exportHint: string;
    deleteLink: string;
    deleteHint: string;
  };
  remove: {
    title: (address: string) => string;
    intro: string;
    deleteHeading: string;
    deleteWhat: string[];
    deleteConfirm: string;
    deleteSubmit: string;
    eraseHeading: string;
    eraseWhat: string[];
    eraseConfirm: string;
    eraseSubmit: string;
  };
  lists: {
    title: string;
    intro: string;
    caption: string;
    name: string;
    slug: string;
    subscribers: string;
    none: string;
    createHeading: string;
    nameField: string;
    slugField: string;
    slugHint: string;
    slugInvalid: string;
    slugTaken: string;
    description: string;
    descriptionHint: string;
    submit: string;
    nameRequired: string;
    created: string;
    deleted: string;
    segmentsHeading: string;
    segmentsText: string;
    segmentsLink: string;
  };
  list: {
    updated: string;
    factsHeading: string;
    subscribed: string;
    unconfirmed: string;
    unsubscribed: string;
    seeMembers: string;
    formHeading: string;
    formUrl: string;
    formUrlHint: string;
    snippetHeading: string;
    snippetHint: string;
    editHeading: string;
    slugFixed: string;
    deleteHeading: string;
    deleteLink: string;
    deleteTitle: (name: string) => string;
    deleteWhat: (subscribers: string) => string;
    deleteSegments: (names: string) => string;
    deleteConfirm: string;
    deleteSubmit: string;
  };
  segments: {
    title: string;
    intro: string;
    caption: string;
    name: string;
    count: string;
    none: string;
    add: string;
    newTitle: string;
    backToLists: string;
    created: string;
    updated: string;
    deleted: string;
    nameField: string;
    description: string;
    filterLegend: string;
    filterHint: string;
    statusLegend: string;
    statusHint: string;
    list: string;
    anyList: string;
    listHint: string;
    address: string;
    addressHint: string;
    fieldsLegend: string;
    fieldsHint: string;
    countButton: string;
    submit: string;
    nameRequired: string;
    conditionNoValue: string;
    matching: (n: string) => string;
    previewCaption: string;
    previewMore: string;
    deleteHeading: string;
    deleteLink: string;
    deleteTitle: (name: string) => string;
    deleteWhat: string;
    deleteConfirm: string;
    deleteSubmit: string;
    editHeading: string;
  };
}

const fr: ContactsMessages = {
  common: {
    save: 'Enregistrer',
    cancel: 'Annuler',
    saved: 'Modifications enregistrées.',
    yes: 'oui',
    none: '—',
    nextPage: 'Page suivante',
    firstPage: 'Première page',
    pagerLabel: 'Pages de résultats',
    fieldName: 'Nom du champ',
    fieldValue: 'Valeur',
    fieldRow: (n) => `Champ ${n}`,
    fieldsLegend: 'Champs supplémentaires',
    fieldsHint:
      'Par exemple ville = Lyon, ou numero_adherent = 1042. Le nom du champ : lettres, chiffres, « _ » et « - », sans espace. Il sert dans les mailings ({{ ville }}) et les segments. Videz les deux cases d’une ligne pour supprimer le champ.',
    tooLong: (max) => `Trop long : ${max} caractères au plus.`,
    controlChars: 'Contient un saut de ligne ou un caractère invisible : écrivez le texte sur une seule ligne.',
    fieldNameInvalid: 'Nom de champ invalide : lettres, chiffres, « _ » et « - » seulement, sans espace, 64 caractères au plus.',
    fieldNameTwice: (name) => `Le champ « ${name} » apparaît deux fois : gardez une seule ligne.`,
    fieldNoName: 'Une valeur sans nom de champ : donnez-lui un nom, ou videz la ligne.',
    tooManyFields: (max) => `Trop de champs : ${max} au plus.`,
    fixBelow: 'Rien n’a été enregistré : corrigez ce qui est signalé ci-dessous.',
    confirmRequired: 'Cochez la case pour confirmer.',
  },
  statuses: { active: 'actif', unsubscribed: 'désabonné', bounced: 'adresse en échec', complained: 'plainte pour spam' },
  statusHints: {
    active: 'reçoit les mailings des listes où il est abonné',
    unsubscribed: 'ne reçoit plus aucun mailing',
    bounced: 'l’adresse ne fonctionne plus (retours en erreur)',
    complained: 'la personne a signalé un mailing comme spam',
  },
  memberships: { subscribed: 'abonné', unconfirmed: 'en attente de confirmation', unsubscribed: 'désabonné par la personne' },
  sources: {
    bounce: 'retour en erreur',
    complaint: 'plainte pour spam',
    unsubscribe: 'désabonnement',
    manual: 'ajout manuel',
    erasure: 'effacement (RGPD)',
    import: 'import',
  },
  contacts: {
    title: 'Contacts',
    total: (n) => `${n} contacts dans l’association.`,
    add: 'Ajouter un contact',
    searchHeading: 'Rechercher',
    search: 'Adresse ou nom',
    searchHint: 'Une partie suffit : « dupont » ou « @orange.fr ».',
    list: 'Liste',
    anyList: 'Toutes les listes',
    status: 'État',
    anyStatus: 'Tous les états',
    submitSearch: 'Rechercher',
    statusUnknown: 'Cet état n’existe pas : choisissez-en un dans la liste.',
    resultsHeading: 'Résultats',
    caption: (n) => `Contacts trouvés : ${n}`,
    address: 'Adresse',
    name: 'Nom',
    blocked: 'Bloquée',
    blockedBadge: 'bloquée',
    noMatch: 'Aucun contact ne correspond à cette recherche.',
    empty: 'Pas encore de contact. Ajoutez-en un, ou importez votre fichier d’adhérents.',
    importLink: 'Importer un fichier',
    deleted: 'Le contact a été supprimé.',
    erased: 'Le contact a été effacé. Son adresse ne recevra plus rien, même après un nouvel import.',
  },
  add: {
    title: 'Ajouter un contact',
    intro: 'Pour ajouter beaucoup d’adresses d’un coup, importez plutôt un fichier.',
    address: 'Adresse e-mail',
    addressHint: 'Par exemple jeanne@example.org. Elle ne pourra plus être modifiée ensuite.',
    name: 'Nom (facultatif)',
    nameHint: 'Tel qu’il apparaîtra dans les mailings.',
    consent: 'Origine du consentement (facultatif)',
    consentHint: 'Où la personne a accepté de recevoir vos messages : « bulletin d’adhésion 2025 », « stand du forum »…',
    listsLegend: 'Abonner aux listes',
    listsHint: 'Seulement si la personne l’a demandé.',
    noLists: 'Pas encore de liste : le contact pourra être abonné plus tard.',
    createList: 'Créer une liste',
    submit: 'Ajouter le contact',
    didYouMean: (s) => `Vouliez-vous dire ${s} ? Le domaine ressemble à une faute de frappe.`,
    useSuggestion: (s) => `Utiliser ${s}`,
    keepTyped: (a) => `Garder ${a}, telle que saisie`,
    suggestionHint: 'Choisissez, puis ajoutez le contact. Vérifiez avec la personne si vous avez un doute : une adresse fausse reviendra en erreur.',
    suggestionOrFix: 'Cochez la proposition, ou corrigez l’adresse vous-même, puis ajoutez le contact.',
    checkAddress: 'Rien n’a été enregistré : vérifiez l’adresse ci-dessous.',
    exists: 'Un contact a déjà cette adresse.',
    seeExisting: 'Voir sa fiche',
    required: 'Saisissez l’adresse e-mail.',
  },
  contact: {
    created: 'Le contact a été ajouté.',
    updated: 'Le contact a été modifié.',
    subscribed: 'Le contact a été abonné à la liste.',
    removed: 'Le contact a été retiré de la liste.',
    factsHeading: 'En bref',
    status: 'État',
    addedOn: 'Ajouté le',
    consent: 'Consentement',
    consentNone: 'non renseigné',
    confirmedOn: 'Adresse confirmée le',
    blockedHeading: 'Adresse bloquée',
    blockedIntro: 'facteur n’envoie plus rien à cette adresse, quel que soit l’état du contact ou ses listes.',
    blockedReason: 'Raison',
    blockedSource: 'Origine',
    blockedSince: 'Depuis le',
    blockedScope: 'Portée',
    scopeTenant: 'votre association',
    scopePlatform: 'tout l’hébergement (adresse reconnue comme inexistante)',
    blockedExpires: 'Jusqu’au',
    blockedLink: 'Voir ce blocage dans les adresses bloquées (pour le lever si besoin)',
    editHeading: 'Modifier',
    statusField: 'État',
    statusHint: 'Seul l’état « actif » reçoit des mailings. Un blocage de l’adresse reste en vigueur quel que soit l’état.',
    listsHeading: 'Listes',
    listsCaption: 'Abonnements de ce contact',
    listCol: 'Liste',
    membershipCol: 'Abonnement',
    actionCol: 'Action',
    notMember: 'non abonné',
    subscribe: 'Abonner',
    remove: 'Retirer',
    removeLabel: (l) => `Retirer de la liste ${l}`,
    subscribeLabel: (l) => `Abonner à la liste ${l}`,
    selfUnsubscribed: 'seule la personne peut se réabonner, par le formulaire de la liste',
    noLists: 'Pas encore de liste.',
    membershipHint: 'N’abonnez quelqu’un que s’il l’a demandé. Une personne qui s’est désabonnée elle-même ne peut pas être réabonnée ici.',
    deleteHeading: 'Données personnelles',
    exportLink: 'Télécharger ses données (JSON)',
    exportHint: 'Tout ce que facteur garde sur ce contact (champs, consentement, abonnements, envois, blocages), pour répondre à une demande d’accès (RGPD, articles 15 et 20).',
    deleteLink: 'Supprimer ou effacer ce contact…',
    deleteHint: 'Une page de confirmation explique la différence.',
  },
  remove: {
    title: (a) => `Supprimer ou effacer ${a}`,
    intro: 'Deux façons de retirer ce contact. Choisissez selon la demande.',
    deleteHeading: 'Supprimer',
    deleteWhat: [
      'Le contact, ses champs et ses abonnements disparaissent.',
      'L’historique des envois garde son adresse (rapports des mailings passés).',
      'Un blocage de l’adresse (erreur, plainte, désabonnement) reste en place.',
      'Un nouvel import du fichier d’adhérents recréera le contact.',
    ],
    deleteConfirm: 'Je confirme la suppression de ce contact.',
    deleteSubmit: 'Supprimer le contact',
    eraseHeading: 'Effacer (droit à l’effacement, RGPD)',
    eraseWhat: [
      'À faire quand la personne demande qu’on efface ses données.',
      'Le contact, ses champs et ses abonnements disparaissent ; les envois en attente pour elle sont annulés.',
      'Son adresse est retirée de tout l’historique ; les chiffres des rapports restent justes.',
      'Seule une empreinte de l’adresse est gardée, dans les adresses bloquées : même après un nouvel import, elle ne recevra plus rien, sauf si elle se réabonne elle-même.',
      'C’est définitif.',
    ],
    eraseConfirm: 'Je confirme l’effacement définitif de ce contact.',
    eraseSubmit: 'Effacer définitivement',
  },
  lists: {
    title: 'Listes',
    intro: 'Une liste regroupe les personnes qui ont demandé à recevoir un type de message (lettre d’information, convocations…). Un mailing part vers une ou plusieurs listes.',
    caption: 'Listes de l’association',
    name: 'Nom',
    slug: 'Nom court',
    subscribers: 'Abonnés',
    none: 'Pas encore de liste : créez la première ci-dessous.',
    createHeading: 'Créer une liste',
    nameField: 'Nom',
    slugField: 'Nom court (facultatif)',
    slugHint: 'Apparaît dans l’adresse du formulaire d’inscription. Lettres minuscules sans accent, chiffres et tirets. Laissez vide pour le tirer du nom. Ne peut plus changer ensuite.',
    slugInvalid: 'Nom court invalide : lettres minuscules sans accent, chiffres et tirets (pas au début ni à la fin), 63 caractères au plus.',
    slugTaken: 'Une liste a déjà ce nom court : choisissez-en un autre.',
    description: 'Description (facultatif)',
    descriptionHint: 'Ce que reçoivent les abonnés, et à quel rythme. Affichée sur le formulaire d’inscription.',
    submit: 'Créer la liste',
    nameRequired: 'Donnez un nom à la liste.',
    created: 'La liste a été créée.',
    deleted: 'La liste a été supprimée. Ses contacts restent dans l’association.',
    segmentsHeading: 'Segments',
    segmentsText: 'Un segment sélectionne des contacts selon leurs champs, leur état ou leur liste (par exemple : les adhérents de Lyon).',
    segmentsLink: 'Gérer les segments',
  },
  list: {
    updated: 'La liste a été modifiée.',
    factsHeading: 'Abonnés',
    subscribed: 'Abonnés',
    unconfirmed: 'En attente de confirmation',
    unsubscribed: 'Désabonnés',
    seeMembers: 'Voir les abonnés',
    formHeading: 'Formulaire d’inscription',
    formUrl: 'Adresse du formulaire',
    formUrlHint: 'Donnez ce lien sur votre site ou vos réseaux : la personne s’inscrit, puis confirme par un lien reçu par e-mail.',
    snippetHeading: 'Formulaire à intégrer à votre site',
    snippetHint: 'Copiez ce code HTML et collez-le dans une page de votre site (bloc « HTML personnalisé » ou « code » de votre outil de site).',
    editHeading: 'Modifier',
    slugFixed: 'Le nom court ne change pas : il est dans l’adresse du formulaire.',
    deleteHeading: 'Supprimer',
    deleteLink: 'Supprimer cette liste…',
    deleteTitle: (n) => `Supprimer la liste ${n}`,
    deleteWhat: (n) => `Les ${n} abonnés perdent cet abonnement, mais restent dans vos contacts. Le formulaire d’inscription de la liste cesse de fonctionner.`,
    deleteSegments: (names) => `Ces segments utilisent la liste et ne sélectionneront plus personne : ${names}.`,
    deleteConfirm: 'Je confirme la suppression de cette liste.',
    deleteSubmit: 'Supprimer la liste',
  },
  segments: {
    title: 'Segments',
    intro: 'Un segment est un filtre enregistré : il sélectionne, au moment où on le lit, les contacts qui remplissent toutes ses conditions.',
    caption: 'Segments de l’association',
    name: 'Nom',
    count: 'Contacts',
    none: 'Pas encore de segment.',
    add: 'Créer un segment',
    newTitle: 'Nouveau segment',
    backToLists: 'Retour aux listes',
    created: 'Le segment a été créé.',
    updated: 'Le segment a été modifié.',
    deleted: 'Le segment a été supprimé. Les contacts ne sont pas touchés.',
    nameField: 'Nom',
    description: 'Description (facultatif)',
    filterLegend: 'Conditions',
    filterHint: 'Toutes les conditions renseignées doivent être vraies. Laissez vide ce qui ne compte pas.',
    statusLegend: 'État du contact',
    statusHint: 'Aucune case cochée : tous les états.',
    list: 'Abonné à la liste',
    anyList: 'Peu importe',
    listHint: 'Seulement les abonnés confirmés.',
    address: 'L’adresse contient',
    addressHint: 'Par exemple « @orange.fr ».',
    fieldsLegend: 'Champs',
    fieldsHint: 'Le champ doit valoir exactement cette valeur. Plusieurs lignes avec le même nom de champ : l’une des valeurs suffit (ville = Lyon, ville = Villeurbanne).',
    countButton: 'Compter les contacts',
    submit: 'Enregistrer le segment',
    nameRequired: 'Donnez un nom au segment.',
    conditionNoValue: 'Une condition sans valeur : écrivez la valeur attendue, ou videz la ligne.',
    matching: (n) => `${n} contacts correspondent aujourd’hui.`,
    previewCaption: 'Premiers contacts sélectionnés',
    previewMore: 'et d’autres…',
    deleteHeading: 'Supprimer',
    deleteLink: 'Supprimer ce segment…',
    deleteTitle: (n) => `Supprimer le segment ${n}`,
    deleteWhat: 'Seul le filtre disparaît : les contacts et leurs abonnements ne changent pas.',
    deleteConfirm: 'Je confirme la suppression de ce segment.',
    deleteSubmit: 'Supprimer le segment',
    editHeading: 'Modifier',
  },
};

const en: ContactsMessages = {
  common: {
    save: 'Save',
    cancel: 'Cancel',
    saved: 'Changes saved.',
    yes: 'yes',
    none: '—',
    nextPage: 'Next page',
    firstPage: 'First page',
    pagerLabel: 'Result pages',
    fieldName: 'Field name',
    fieldValue: 'Value',
    fieldRow: (n) => `Field ${n}`,
    fieldsLegend: 'Extra fields',
    fieldsHint:
      'For example city = Lyon, or member_number = 1042. Field names: letters, digits, "_" and "-", no spaces. Use them in mailings ({{ city }}) and segments. Empty both boxes of a row to remove the field.',
    tooLong: (max) => `Too long: at most ${max} characters.`,
    controlChars: 'Contains a line break or an invisible character: write the text on one line.',
    fieldNameInvalid: 'Invalid field name: letters, digits, "_" and "-" only, no spaces, at most 64 characters.',
    fieldNameTwice: (name) => `The field "${name}" appears twice: keep one row.`,
    fieldNoName: 'A value without a field name: name it, or empty the row.',
    tooManyFields: (max) => `Too many fields: at most ${max}.`,
    fixBelow: 'Nothing was saved: fix what is marked below.',
    confirmRequired: 'Tick the box to confirm.',
  },
  statuses: { active: 'active', unsubscribed: 'unsubscribed', bounced: 'address failing', complained: 'spam complaint' },
  statusHints: {
    active: 'receives the mailings of the lists it is subscribed to',
    unsubscribed: 'receives no mailing at all',
    bounced: 'the address no longer works (mail bounced)',
    complained: 'the person reported a mailing as spam',
  },
  memberships: { subscribed: 'subscribed', unconfirmed: 'awaiting confirmation', unsubscribed: 'unsubscribed by the person' },
  sources: {
    bounce: 'bounce',
    complaint: 'spam complaint',
    unsubscribe: 'unsubscribe',
    manual: 'added by hand',
    erasure: 'erasure (GDPR)',
    import: 'import',
  },
  contacts: {
    title: 'Contacts',
    total: (n) => `${n} contacts in the association.`,
    add: 'Add a contact',
    searchHeading: 'Search',
    search: 'Address or name',
    searchHint: 'Part of it is enough: "smith" or "@gmail.com".',
    list: 'List',
    anyList: 'All lists',
    status: 'Status',
    anyStatus: 'Any status',
    submitSearch: 'Search',
    statusUnknown: 'This status does not exist: choose one from the list.',
    resultsHeading: 'Results',
    caption: (n) => `Contacts found: ${n}`,
    address: 'Address',
    name: 'Name',
    blocked: 'Blocked',
    blockedBadge: 'blocked',
    noMatch: 'No contact matches this search.',
    empty: 'No contacts yet. Add one, or import your member file.',
    importLink: 'Import a file',
    deleted: 'The contact was deleted.',
    erased: 'The contact was erased. Its address will receive nothing more, even after a new import.',
  },
  add: {
    title: 'Add a contact',
    intro: 'To add many addresses at once, import a file instead.',
    address: 'E-mail address',
    addressHint: 'For example jeanne@example.org. It cannot be changed afterwards.',
    name: 'Name (optional)',
    nameHint: 'As it will appear in mailings.',
    consent: 'Where consent was given (optional)',
    consentHint: 'Where the person agreed to receive your mail: "2025 membership form", "fair stand"…',
    listsLegend: 'Subscribe to lists',
    listsHint: 'Only if the person asked for it.',
    noLists: 'No lists yet: the contact can be subscribed later.',
    createList: 'Create a list',
    submit: 'Add the contact',
    didYouMean: (s) => `Did you mean ${s}? The domain looks like a typo.`,
    useSuggestion: (s) => `Use ${s}`,
    keepTyped: (a) => `Keep ${a}, as typed`,
    suggestionHint: 'Choose, then add the contact. Check with the person if in doubt: a wrong address will bounce.',
    suggestionOrFix: 'Tick the suggestion, or correct the address yourself, then add the contact.',
    checkAddress: 'Nothing was saved: check the address below.',
    exists: 'A contact already has this address.',
    seeExisting: 'See it',
    required: 'Enter the e-mail address.',
  },
  contact: {
    created: 'The contact was added.',
    updated: 'The contact was updated.',
    subscribed: 'The contact was subscribed to the list.',
    removed: 'The contact was removed from the list.',
    factsHeading: 'Summary',
    status: 'Status',
    addedOn: 'Added on',
    consent: 'Consent',
    consentNone: 'not recorded',
    confirmedOn: 'Address confirmed on',
    blockedHeading: 'Blocked address',
    blockedIntro: 'facteur sends nothing more to this address, whatever the contact’s status or lists.',
    blockedReason: 'Reason',
    blockedSource: 'Origin',
    blockedSince: 'Since',
    blockedScope: 'Scope',
    scopeTenant: 'your association',
    scopePlatform: 'the whole host (address known not to exist)',
    blockedExpires: 'Until',
    blockedLink: 'See this block among the blocked addresses (to lift it if needed)',
    editHeading: 'Edit',
    statusField: 'Status',
    statusHint: 'Only "active" contacts receive mailings. A block on the address stays whatever the status.',
    listsHeading: 'Lists',
    listsCaption: 'This contact’s subscriptions',
    listCol: 'List',
    membershipCol: 'Subscription',
    actionCol: 'Action',
    notMember: 'not subscribed',
    subscribe: 'Subscribe',
    remove: 'Remove',
    removeLabel: (l) => `Remove from the list ${l}`,
    subscribeLabel: (l) => `Subscribe to the list ${l}`,
    selfUnsubscribed: 'only the person can subscribe again, with the list’s form',
    noLists: 'No lists yet.',
    membershipHint: 'Subscribe someone only if they asked for it. A person who unsubscribed themselves cannot be subscribed again here.',
    deleteHeading: 'Personal data',
    exportLink: 'Download their data (JSON)',
    exportHint: 'Everything facteur keeps about this contact (fields, consent, subscriptions, mail sent, blocks), to answer an access request (GDPR, articles 15 and 20).',
    deleteLink: 'Delete or erase this contact…',
    deleteHint: 'A confirmation page explains the difference.',
  },
  remove: {
    title: (a) => `Delete or erase ${a}`,
    intro: 'Two ways to remove this contact. Choose according to the request.',
    deleteHeading: 'Delete',
    deleteWhat: [
      'The contact, its fields and its subscriptions go.',
      'The sending history keeps its address (reports of past mailings).',
      'A block on the address (bounce, complaint, unsubscribe) stays in place.',
      'A new import of the member file will create the contact again.',
    ],
    deleteConfirm: 'I confirm deleting this contact.',
    deleteSubmit: 'Delete the contact',
    eraseHeading: 'Erase (right to erasure, GDPR)',
    eraseWhat: [
      'For when the person asks for their data to be erased.',
      'The contact, its fields and its subscriptions go; mail waiting to be sent to them is cancelled.',
      'The address is removed from all the history; report figures stay right.',
      'Only a fingerprint of the address is kept, in the blocked addresses: even after a new import it receives nothing, unless the person subscribes again themselves.',
      'This cannot be undone.',
    ],
    eraseConfirm: 'I confirm erasing this contact for good.',
    eraseSubmit: 'Erase for good',
  },
  lists: {
    title: 'Lists',
    intro: 'A list gathers the people who asked to receive one kind of message (newsletter, meeting notices…). A mailing goes to one or more lists.',
    caption: 'The association’s lists',
    name: 'Name',
    slug: 'Short name',
    subscribers: 'Subscribers',
    none: 'No lists yet: create the first one below.',
    createHeading: 'Create a list',
    nameField: 'Name',
    slugField: 'Short name (optional)',
    slugHint: 'Appears in the address of the subscription form. Lower-case letters without accents, digits and dashes. Leave empty to derive it from the name. Cannot change afterwards.',
    slugInvalid: 'Invalid short name: lower-case letters without accents, digits and dashes (not first or last), at most 63 characters.',
    slugTaken: 'A list already has this short name: choose another.',
    description: 'Description (optional)',
    descriptionHint: 'What subscribers receive, and how often. Shown on the subscription form.',
    submit: 'Create the list',
    nameRequired: 'Give the list a name.',
    created: 'The list was created.',
    deleted: 'The list was deleted. Its contacts stay in the association.',
    segmentsHeading: 'Segments',
    segmentsText: 'A segment selects contacts by their fields, status or list (for example: members in Lyon).',
    segmentsLink: 'Manage segments',
  },
  list: {
    updated: 'The list was updated.',
    factsHeading: 'Subscribers',
    subscribed: 'Subscribed',
    unconfirmed: 'Awaiting confirmation',
    unsubscribed: 'Unsubscribed',
    seeMembers: 'See the subscribers',
    formHeading: 'Subscription form',
    formUrl: 'Address of the form',
    formUrlHint: 'Share this link on your website or social media: people subscribe, then confirm with a link sent by e-mail.',
    snippetHeading: 'Form to embed in your website',
    snippetHint: 'Copy this HTML code and paste it into a page of your website (the "custom HTML" or "code" block of your site builder).',
    editHeading: 'Edit',
    slugFixed: 'The short name does not change: it is in the address of the form.',
    deleteHeading: 'Delete',
    deleteLink: 'Delete this list…',
    deleteTitle: (n) => `Delete the list ${n}`,
    deleteWhat: (n) => `Its ${n} subscribers lose this subscription but stay in your contacts. The list’s subscription form stops working.`,
    deleteSegments: (names) => `These segments use the list and will select nobody any more: ${names}.`,
    deleteConfirm: 'I confirm deleting this list.',
    deleteSubmit: 'Delete the list',
  },
  segments: {
    title: 'Segments',
    intro: 'A segment is a saved filter: when read, it selects the contacts that meet all its conditions.',
    caption: 'The association’s segments',
    name: 'Name',
    count: 'Contacts',
    none: 'No segments yet.',
    add: 'Create a segment',
    newTitle: 'New segment',
    backToLists: 'Back to the lists',
    created: 'The segment was created.',
    updated: 'The segment was updated.',
    deleted: 'The segment was deleted. Contacts are untouched.',
    nameField: 'Name',
    description: 'Description (optional)',
    filterLegend: 'Conditions',
    filterHint: 'Every condition filled in must hold. Leave empty what does not matter.',
    statusLegend: 'Contact status',
    statusHint: 'No box ticked: any status.',
    list: 'Subscribed to the list',
    anyList: 'Any',
    listHint: 'Confirmed subscribers only.',
    address: 'The address contains',
    addressHint: 'For example "@gmail.com".',
    fieldsLegend: 'Fields',
    fieldsHint: 'The field must be exactly this value. Several rows with the same field name: any of the values will do (city = Lyon, city = Villeurbanne).',
    countButton: 'Count the contacts',
    submit: 'Save the segment',
    nameRequired: 'Give the segment a name.',
    conditionNoValue: 'A condition without a value: write the expected value, or empty the row.',
    matching: (n) => `${n} contacts match today.`,
    previewCaption: 'First contacts selected',
    previewMore: 'and more…',
    deleteHeading: 'Delete',
    deleteLink: 'Delete this segment…',
    deleteTitle: (n) => `Delete the segment ${n}`,
    deleteWhat: 'Only the filter goes: contacts and their subscriptions do not change.',
    deleteConfirm: 'I confirm deleting this segment.',
    deleteSubmit: 'Delete the segment',
    editHeading: 'Edit',
  },
};

const CATALOGUES: Record<Lang, ContactsMessages> = { fr, en };

export function contactsMessages(lang: Lang): ContactsMessages {
  return CATALOGUES[lang];
}
