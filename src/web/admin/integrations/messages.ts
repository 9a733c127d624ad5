// Catalogue of the integrations pages (API keys, SMTP credentials, webhooks), French (default)
// and English. Plain text only.
import type { Lang } from '../../i18n/index.ts';

export interface IntegrationMessages {
  title: string;
  intro: string;
  name: string;
  created: string;
  lastUsed: string;
  never: string;
  state: string;
  active: string;
  revoked: (when: string) => string;
  actions: string;
  cancel: string;
  back: string;
  nameLabel: string;
  errNameEmpty: string;
  errTooLong: (max: number) => string;
  errControl: string;
  secretOnce: string;
  secretWarning: string;
  secretLabel: string;
  done: string;
  keys: {
    heading: string;
    intro: string;
    caption: string;
    none: string;
    prefix: string;
    scopes: string;
    scopeNames: Record<string, string>;
    create: string;
    newTitle: string;
    nameHint: string;
    scopesLegend: string;
    scopesHint: string;
    errScopes: string;
    createButton: string;
    createdTitle: string;
    usage: string;
    revoke: string;
    revokeTitle: (name: string) => string;
    revokeText: string;
    revokeButton: string;
  };
  smtp: {
    heading: string;
    intro: string;
    caption: string;
    none: string;
    username: string;
    senders: string;
    create: string;
    newTitle: string;
    nameHint: string;
    sendersLabel: string;
    sendersHint: (domain: string | null) => string;
    errSendersNeeded: string;
    errSenders: (entry: string) => string;
    createButton: string;
    createdTitle: string;
    server: string;
    ports: (port: number, tlsPort: number) => string;
    disabled: string;
    passwordLabel: string;
    revoke: string;
    revokeTitle: (name: string) => string;
    revokeText: string;
    revokeButton: string;
  };
  webhooks: {
    heading: string;
    intro: string;
    caption: string;
    none: string;
    url: string;
    events: string;
    allEvents: string;
    eventNames: Record<string, string>;
    enabled: string;
    disabledByHand: string;
    disabledByFailures: (reason: string) => string;
    failing: (since: string, error: string) => string;
    create: string;
    newTitle: string;
    urlLabel: string;
    urlHint: string;
    descriptionLabel: string;
    descriptionHint: string;
    eventsLegend: string;
    eventsHint: string;
    rawLabel: string;
    errUrlEmpty: string;
    errUrl: Record<'invalid' | 'not-https' | 'credentials', string>;
    createButton: string;
    createdTitle: string;
    signingHelp: string;
    disable: string;
    enable: string;
    delete: string;
    deleteTitle: (url: string) => string;
    deleteText: string;
    deleteButton: string;
  };
  notices: Record<string, string>;
}

const fr: IntegrationMessages = {
  title: 'Intégrations',
  intro: 'Pour relier d’autres logiciels à facteur (Paheko, Nextcloud, un site web…) : ils envoient par l’API ou par SMTP, et reçoivent les événements (remis, rejeté, désabonné…) par webhook.',
  name: 'Nom',
  created: 'Créée le',
  lastUsed: 'Dernière utilisation',
  never: 'jamais',
  state: 'État',
  active: 'active',
  revoked: (w) => `révoquée le ${w}`,
  actions: 'Actions',
  cancel: 'Annuler',
  back: 'Retour aux intégrations',
  nameLabel: 'Nom',
  errNameEmpty: 'Donnez un nom, pour savoir plus tard à quoi elle sert.',
  errTooLong: (n) => `C’est trop long : ${n} caractères au plus.`,
  errControl: 'Ce champ contient un retour à la ligne ou un caractère invisible : retapez-le sur une seule ligne.',
  secretOnce: 'Copiez-le maintenant : il ne sera plus jamais affiché.',
  secretWarning:
    'facteur n’en garde qu’une empreinte : si vous le perdez, il faudra en créer un autre. Ne l’envoyez pas par e-mail ; collez-le directement dans le logiciel concerné.',
  secretLabel: 'Secret',
  done: 'C’est noté, retour aux intégrations',
  keys: {
    heading: 'Clés d’API',
    intro: 'Une clé permet à un programme d’utiliser l’API HTTP de facteur (/api/v1) au nom de l’association.',
    caption: 'Clés d’API de l’association',
    none: 'Aucune clé d’API.',
    prefix: 'Début de la clé',
    scopes: 'Droits',
    scopeNames: { read: 'lire', write: 'modifier', send: 'envoyer' },
    create: 'Créer une clé d’API',
    newTitle: 'Nouvelle clé d’API',
    nameHint: 'À quoi elle sert, par exemple « Synchronisation Paheko ». 200 caractères au plus.',
    scopesLegend: 'Ce que la clé peut faire',
    scopesHint: 'Ne donnez que les droits nécessaires.',
    errScopes: 'Cochez au moins un droit.',
    createButton: 'Créer la clé',
    createdTitle: 'Clé d’API créée',
    usage: 'Le programme l’envoie dans l’en-tête « Authorization: Bearer » de chaque requête.',
    revoke: 'Révoquer',
    revokeTitle: (n) => `Révoquer la clé « ${n} »`,
    revokeText: 'Les programmes qui utilisent cette clé seront refusés immédiatement. Ce n’est pas réversible : il faudra créer une nouvelle clé.',
    revokeButton: 'Révoquer la clé',
  },
  smtp: {
    heading: 'Identifiants SMTP',
    intro: 'Un identifiant permet à un logiciel d’envoyer ses e-mails par facteur en SMTP (comme un serveur d’envoi classique), avec le suivi des erreurs et des désabonnements.',
    caption: 'Identifiants SMTP de l’association',
    none: 'Aucun identifiant SMTP.',
    username: 'Nom d’utilisateur',
    senders: 'Expéditeurs autorisés',
    create: 'Créer un identifiant SMTP',
    newTitle: 'Nouvel identifiant SMTP',
    nameHint: 'Le logiciel qui l’utilisera, par exemple « Paheko ». 200 caractères au plus.',
    sendersLabel: 'Expéditeurs autorisés',
    sendersHint: (d) =>
      d
        ? `Domaines (toute adresse du domaine) ou adresses complètes, un par ligne. Laissez vide pour autoriser votre domaine ${d}.`
        : 'Domaines (toute adresse du domaine) ou adresses complètes, un par ligne. Votre association n’a pas encore de domaine d’envoi vérifié : indiquez au moins un domaine ou une adresse.',
    errSendersNeeded: 'Indiquez au moins un domaine ou une adresse d’expéditeur (ou configurez d’abord votre domaine d’envoi).',
    errSenders: (e) => `« ${e} » n’est ni un domaine ni une adresse : corrigez cette ligne.`,
    createButton: 'Créer l’identifiant',
    createdTitle: 'Identifiant SMTP créé',
    server: 'Serveur',
    ports: (p, t) => `port ${p} avec STARTTLS, ou port ${t} avec TLS`,
    disabled: 'L’envoi SMTP n’est pas encore ouvert sur cette plateforme : demandez à l’hébergeur de l’activer.',
    passwordLabel: 'Mot de passe',
    revoke: 'Révoquer',
    revokeTitle: (n) => `Révoquer l’identifiant « ${n} »`,
    revokeText: 'Le logiciel qui l’utilise ne pourra plus se connecter. Ce n’est pas réversible : il faudra créer un nouvel identifiant.',
    revokeButton: 'Révoquer l’identifiant',
  },
  webhooks: {
    heading: 'Webhooks',
    intro: 'facteur prévient un autre logiciel de ce qui arrive aux messages en envoyant une requête signée à son adresse web.',
    caption: 'Adresses qui reçoivent les événements',
    none: 'Aucun webhook.',
    url: 'Adresse',
    events: 'Événements',
    allEvents: 'tous',
    eventNames: {
      delivered: 'remis',
      deferred: 'différé',
      bounced: 'rejeté',
      complained: 'signalé comme indésirable',
      unsubscribed: 'désabonnement',
      suppressed: 'non envoyé (adresse bloquée)',
      expired: 'abandonné',
    },
    enabled: 'actif',
    disabledByHand: 'désactivé',
    disabledByFailures: (r) => `désactivé après 24 h d’échecs : ${r}`,
    failing: (s, e) => `en échec depuis le ${s} : ${e}`,
    create: 'Ajouter un webhook',
    newTitle: 'Nouveau webhook',
    urlLabel: 'Adresse (URL)',
    urlHint: 'Doit commencer par https:// (http:// seulement vers cette machine, pour un test). 2000 caractères au plus.',
    descriptionLabel: 'Description',
    descriptionHint: 'Facultatif, 500 caractères au plus.',
    eventsLegend: 'Événements à envoyer',
    eventsHint: 'Aucune case cochée : tous les événements.',
    rawLabel: 'Joindre le message d’erreur brut aux rejets et signalements (pour les logiciels qui les analysent eux-mêmes, comme Paheko)',
    errUrlEmpty: 'Indiquez l’adresse qui recevra les événements.',
    errUrl: {
      invalid: 'Cette adresse n’est pas une URL valide : elle doit ressembler à https://exemple.org/facteur.',
      'not-https': 'L’adresse doit commencer par https:// : les événements contiennent des adresses e-mail et ne doivent pas circuler en clair.',
      credentials: 'Retirez l’identifiant et le mot de passe de l’adresse : ils seraient affichés ici à tout le monde.',
    },
    createButton: 'Ajouter le webhook',
    createdTitle: 'Webhook ajouté',
    signingHelp: 'Le logiciel vérifie avec ce secret la signature (en-tête webhook-signature) de chaque requête.',
    disable: 'Désactiver',
    enable: 'Réactiver',
    delete: 'Supprimer',
    deleteTitle: (u) => `Supprimer le webhook ${u}`,
    deleteText: 'Cette adresse ne recevra plus aucun événement. Pour seulement faire une pause, désactivez-le plutôt.',
    deleteButton: 'Supprimer le webhook',
  },
  notices: {
    keyRevoked: 'La clé est révoquée.',
    smtpRevoked: 'L’identifiant est révoqué.',
    webhookDisabled: 'Le webhook est désactivé.',
    webhookEnabled: 'Le webhook est réactivé : il reprend là où il s’était arrêté.',
    webhookDeleted: 'Le webhook est supprimé.',
  },
};

const en: IntegrationMessages = {
  title: 'Integrations',
  intro: 'To connect other software to facteur (Paheko, Nextcloud, a website…): they send through the API or SMTP, and receive the events (delivered, bounced, unsubscribed…) by webhook.',
  name: 'Name',
  created: 'Created',
  lastUsed: 'Last used',
  never: 'never',
  state: 'State',
  active: 'active',
  revoked: (w) => `revoked on ${w}`,
  actions: 'Actions',
  cancel: 'Cancel',
  back: 'Back to integrations',
  nameLabel: 'Name',
  errNameEmpty: 'Give it a name, so you know later what it is for.',
  errTooLong: (n) => `This is too long: ${n} characters at most.`,
  errControl: 'This field contains a line break or an invisible character: type it again on one line.',
  secretOnce: 'Copy it now: it will never be shown again.',
  secretWarning: 'facteur keeps only a fingerprint of it: if you lose it, you will have to create another one. Do not send it by e-mail; paste it straight into the software.',
  secretLabel: 'Secret',
  done: 'Done, back to integrations',
  keys: {
    heading: 'API keys',
    intro: 'A key lets a program use facteur’s HTTP API (/api/v1) on the association’s behalf.',
    caption: 'The association’s API keys',
    none: 'No API key.',
    prefix: 'Key starts with',
    scopes: 'Rights',
    scopeNames: { read: 'read', write: 'change', send: 'send' },
    create: 'Create an API key',
    newTitle: 'New API key',
    nameHint: 'What it is for, for example “Paheko sync”. 200 characters at most.',
    scopesLegend: 'What the key may do',
    scopesHint: 'Give only the rights needed.',
    errScopes: 'Tick at least one right.',
    createButton: 'Create the key',
    createdTitle: 'API key created',
    usage: 'The program sends it in the “Authorization: Bearer” header of each request.',
    revoke: 'Revoke',
    revokeTitle: (n) => `Revoke the key “${n}”`,
    revokeText: 'Programs using this key will be refused at once. This cannot be undone: you will need a new key.',
    revokeButton: 'Revoke the key',
  },
  smtp: {
    heading: 'SMTP credentials',
    intro: 'A credential lets software send its e-mail through facteur over SMTP (like a regular outgoing server), with bounces and unsubscribes handled.',
    caption: 'The association’s SMTP credentials',
    none: 'No SMTP credential.',
    username: 'User name',
    senders: 'Allowed senders',
    create: 'Create an SMTP credential',
    newTitle: 'New SMTP credential',
    nameHint: 'The software that will use it, for example “Paheko”. 200 characters at most.',
    sendersLabel: 'Allowed senders',
    sendersHint: (d) =>
      d
        ? `Domains (any address there) or full addresses, one per line. Leave empty to allow your domain ${d}.`
        : 'Domains (any address there) or full addresses, one per line. Your association has no verified sending domain yet: give at least one domain or address.',
    errSendersNeeded: 'Give at least one sender domain or address (or set up your sending domain first).',
    errSenders: (e) => `“${e}” is neither a domain nor an address: fix this line.`,
    createButton: 'Create the credential',
    createdTitle: 'SMTP credential created',
    server: 'Server',
    ports: (p, t) => `port ${p} with STARTTLS, or port ${t} with TLS`,
    disabled: 'SMTP sending is not open on this platform yet: ask the host to turn it on.',
    passwordLabel: 'Password',
    revoke: 'Revoke',
    revokeTitle: (n) => `Revoke the credential “${n}”`,
    revokeText: 'The software using it will no longer be able to log in. This cannot be undone: you will need a new credential.',
    revokeButton: 'Revoke the credential',
  },
  webhooks: {
    heading: 'Webhooks',
    intro: 'facteur tells other software what happens to the messages by sending a signed request to its web address.',
    caption: 'Addresses that receive the events',
    none: 'No webhook.',
    url: 'Address',
    events: 'Events',
    allEvents: 'all',
    eventNames: {
      delivered: 'delivered',
      deferred: 'deferred',
      bounced: 'bounced',
      complained: 'marked as spam',
      unsubscribed: 'unsubscribed',
      suppressed: 'not sent (blocked address)',
      expired: 'given up',
    },
    enabled: 'active',
    disabledByHand: 'disabled',
    disabledByFailures: (r) => `disabled after 24 h of failures: ${r}`,
    failing: (s, e) => `failing since ${s}: ${e}`,
    create: 'Add a webhook',
    newTitle: 'New webhook',
    urlLabel: 'Address (URL)',
    urlHint: 'Must start with https:// (http:// only to this machine, for a test). 2000 characters at most.',
    descriptionLabel: 'Description',
    descriptionHint: 'Optional, 500 characters at most.',
    eventsLegend: 'Events to send',
    eventsHint: 'No box ticked: every event.',
    rawLabel: 'Attach the raw error message to bounces and complaints (for software that reads them itself, such as Paheko)',
    errUrlEmpty: 'Give the address that will receive the events.',
    errUrl: {
      invalid: 'This is not a valid URL: it must look like https://example.org/facteur.',
      'not-https': 'The address must start with https://: events contain e-mail addresses and must not travel in clear.',
      credentials: 'Remove the user name and password from the address: they would be shown here to everyone.',
    },
    createButton: 'Add the webhook',
    createdTitle: 'Webhook added',
    signingHelp: 'The software checks the signature of each request (webhook-signature header) with this secret.',
    disable: 'Disable',
    enable: 'Enable',
    delete: 'Delete',
    deleteTitle: (u) => `Delete the webhook ${u}`,
    deleteText: 'This address will no longer receive any event. To pause it only, disable it instead.',
    deleteButton: 'Delete the webhook',
  },
  notices: {
    keyRevoked: 'The key is revoked.',
    smtpRevoked: 'The credential is revoked.',
    webhookDisabled: 'The webhook is disabled.',
    webhookEnabled: 'The webhook is enabled again: it resumes where it stopped.',
    webhookDeleted: 'The webhook is deleted.',
  },
};

export function integrationMessages(lang: Lang): IntegrationMessages {
  return lang === 'en' ? en : fr;
}
