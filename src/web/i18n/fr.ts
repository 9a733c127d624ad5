// French catalogue: the default language of every page a member sees (DESIGN: "French is the
// default language of the pages members see"). Inclusive forms (« abonné·e ») on purpose.
import type { Messages } from './messages.ts';

export const fr: Messages = {
  lang: 'fr',
  languageName: 'Français',

  common: {
    privacyLink: 'Vos données et ce service',
    preferencesLink: 'Choisir les listes que je reçois',
    languageSwitchLabel: 'Langue',
    footer: (platform) => `Envoi assuré par ${platform}, logiciel libre. Aucun pistage, aucun cookie.`,
  },

  unsubscribe: {
    title: 'Se désabonner',
    headingList: (list) => `Se désabonner de « ${list} »`,
    headingAll: (association) => `Ne plus rien recevoir de ${association}`,
    introList: (association, address) => `L’adresse ${address} reçoit la liste ci-dessus de la part de ${association}.`,
    introAll: (association, address) => `L’adresse ${address} reçoit des messages de ${association}.`,
    button: 'Se désabonner',
    oneClickNote: 'Un seul clic suffit : ni compte, ni mot de passe, ni justification.',
    alreadyList: (list) => `Vous êtes déjà désabonné·e de « ${list} ».`,
    alreadyAll: (association) => `Vous êtes déjà désabonné·e de tous les envois de ${association}.`,
    nothingToDo: 'Cette adresse ne figure plus parmi les destinataires : vous ne recevrez plus ces messages. Il n’y a rien d’autre à faire.',
  },

  done: {
    title: 'Désabonnement confirmé',
    list: (list) => `C’est fait : vous ne recevrez plus « ${list} ».`,
    all: (association) => `C’est fait : vous ne recevrez plus aucun message de ${association}.`,
    mistake: 'Vous avez cliqué par erreur ?',
    resubscribeButton: 'Me réabonner',
    preferencesHint: 'Vous pouvez aussi choisir précisément les listes que vous souhaitez recevoir.',
    oneClickBody: 'Désabonnement enregistré.',
  },

  resubscribed: {
    title: 'Réabonnement confirmé',
    list: (list) => `Vous êtes de nouveau abonné·e à « ${list} ».`,
    all: (association) => `Vous recevrez de nouveau les messages de ${association}.`,
    notPossible:
      'Le réabonnement n’est pas possible depuis cette page pour cette adresse (elle a par exemple été signalée comme ne recevant plus de courrier). Écrivez à l’association pour qu’elle vous réinscrive.',
    globallyUnsubscribed: 'Vous êtes désabonné·e de tous les envois de l’association : choisissez les listes à recevoir sur la page de vos abonnements.',
  },

  preferences: {
    title: 'Mes abonnements',
    heading: (association) => `Vos abonnements à ${association}`,
    intro: (address) => `Cochez les listes que l’adresse ${address} doit recevoir, puis enregistrez.`,
    legend: 'Listes',
    save: 'Enregistrer mes choix',
    saved: 'Vos choix sont enregistrés.',
    noLists: 'Cette adresse n’est inscrite à aucune liste.',
    globallyUnsubscribed: 'Vous êtes actuellement désabonné·e de tout. Cocher une liste et enregistrer vous y réabonne.',
    unsubscribeAllHeading: 'Ne plus rien recevoir',
    unsubscribeAllButton: 'Me désabonner de tout',
  },

  privacy: {
    title: 'Vos données et ce service',
    intro: (platform) =>
      `${platform} est le service d’envoi qu’utilisent des associations pour écrire à leurs membres. Voici ce qu’il conserve vous concernant, et pourquoi.`,
    sections: [
      {
        heading: 'Ce qui est conservé',
        paragraphs: [
          'Votre adresse électronique, et les champs que l’association a choisi de fournir (par exemple votre nom) pour personnaliser ses messages.',
          'Les listes auxquelles vous êtes inscrit·e, et vos désabonnements.',
          'Le journal technique de chaque envoi : remis, refusé, en attente, et la réponse du serveur qui l’a reçu. Il sert à ne plus écrire aux adresses qui n’existent plus et à protéger la réputation des envois de toutes les associations.',
        ],
      },
      {
        heading: 'Ce qui n’est jamais fait',
        paragraphs: [
          'Aucun pixel espion : nous ne savons pas si vous ouvrez un message.',
          'Aucune redirection des liens : les liens des messages mènent directement à leur destination, sans passer par nous.',
          'Aucun cookie, aucun script, aucune ressource tierce sur ces pages. Vos données ne sont ni vendues, ni cédées, ni utilisées pour de la publicité.',
        ],
      },
      {
        heading: 'Se désabonner, faire effacer ses données',
        paragraphs: [
          'Chaque message contient un lien de désabonnement qui fonctionne en un clic, sans compte. Après un désabonnement de tout, votre adresse est gardée dans une liste d’opposition, uniquement pour ne plus vous écrire.',
          'Pour consulter ou faire effacer vos données, adressez-vous à l’association qui vous écrit : c’est elle qui est responsable de son fichier de membres, et elle peut tout effacer depuis facteur.',
        ],
      },
    ],
    retention: (days) =>
      days === undefined
        ? 'Le journal des envois est effacé automatiquement après une durée fixée par l’hébergeur du service.'
        : `Le journal des envois est effacé automatiquement après ${days} jours.`,
  },

  notFound: {
    title: 'Lien non valide',
    body: 'Ce lien n’est pas valide ou il est incomplet.',
    help: 'Vérifiez que l’adresse a été copiée en entier (les liens coupés sur deux lignes sont fréquents). En cas de doute, écrivez à l’association qui vous a envoyé le message.',
  },

  serverError: {
    title: 'Problème temporaire',
    body: 'Un problème de notre côté a empêché d’enregistrer votre demande. Réessayez dans quelques minutes : le lien reste valable.',
  },

  badRequest: {
    title: 'Formulaire incomplet',
    body: 'Le formulaire reçu était incomplet : rien n’a été modifié.',
    back: 'Revenir à la page de désabonnement',
  },
  subscribe: {
    title: 'Abonnement',
    heading: (list) => `S’abonner à « ${list} »`,
    from: (association) => `Une liste de diffusion de l’association ${association}.`,
    emailLabel: 'Votre adresse électronique',
    emailHint: 'Par exemple : jeanne@example.org',
    nameLabel: 'Votre nom (facultatif)',
    honeypotLabel: 'Ne remplissez pas ce champ',
    consent: (list, association) =>
      `En cliquant sur « S’abonner », vous demandez à recevoir « ${list} » de la part de ${association} par courriel. Nous vous envoyons d’abord un message pour confirmer votre adresse : sans votre clic sur son lien, rien n’est enregistré. Chaque message contient un lien de désabonnement en un clic.`,
    privacyLink: 'Ce que nous conservons, et pourquoi',
    button: 'S’abonner',
    almost: 'Presque fini : vérifiez votre adresse, puis cliquez sur « S’abonner ».',
    stale: 'Cette page est restée ouverte longtemps : vérifiez vos informations, puis cliquez de nouveau sur « S’abonner ».',
    errorSummary: 'Le formulaire contient une erreur : corrigez-la, puis cliquez de nouveau sur « S’abonner ».',
    emailRequired: 'Indiquez votre adresse électronique, par exemple jeanne@example.org.',
    emailTooLong: (max) => `Cette adresse est trop longue (${max} caractères au plus) : vérifiez-la.`,
    emailInvalid: (code) => {
      switch (code) {
        case 'no_at':
          return 'Il manque le « @ » : une adresse ressemble à nom@domaine.fr.';
        case 'multiple_at':
          return 'L’adresse contient plusieurs « @ » : gardez-en un seul, entre le nom et le domaine.';
        case 'whitespace':
          return 'L’adresse contient une espace : retirez-la (une adresse n’en contient jamais).';
        case 'several_addresses':
          return 'Indiquez une seule adresse.';
        case 'domain_empty':
        case 'tld_missing':
          return 'La fin de l’adresse est incomplète : après le « @ », il faut un domaine comme exemple.fr ou gmail.com.';
        case 'local_empty':
          return 'Il manque le début de l’adresse, avant le « @ ».';
        default:
          return 'Cette adresse n’est pas valide : vérifiez-la (elle doit ressembler à nom@domaine.fr).';
      }
    },
    suggestion: (address) => `Vouliez-vous dire ${address} ?`,
    typo: (suggestion) => `Vouliez-vous dire ${suggestion} ? Corrigez l’adresse si besoin, ou cliquez de nouveau sur « S’abonner » pour la garder telle quelle.`,
    nameTooLong: (max) => `Ce nom est trop long (${max} caractères au plus) : raccourcissez-le.`,
    sentTitle: 'Vérifiez votre boîte de réception',
    sentBody:
      'Si cette adresse peut recevoir la liste, un message vient de lui être envoyé avec un lien de confirmation, valable 7 jours. Vous ne serez abonné·e qu’après avoir cliqué sur ce lien.',
    sentAlready: 'Si vous êtes déjà abonné·e, aucun nouveau message n’est envoyé : vous recevez déjà la liste.',
    sentSpam: 'Rien reçu d’ici quelques minutes ? Regardez dans le dossier des indésirables (spam), puis vérifiez l’orthographe de votre adresse.',
    tooManyTitle: 'Trop de demandes',
    tooManyBody: (minutes) =>
      `Trop de demandes d’abonnement ont été faites depuis cette connexion ou pour cette adresse. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    confirmTitle: 'Confirmer mon abonnement',
    confirmIntro: (list, association, address) => `Vous êtes sur le point de vous abonner à « ${list} » de ${association}, avec l’adresse ${address}.`,
    confirmButton: 'Confirmer mon abonnement',
    confirmIgnore: 'Vous n’avez rien demandé ? Fermez simplement cette page : rien ne sera enregistré.',
    confirmedTitle: 'Abonnement confirmé',
    confirmed: (list, association) => `C’est fait : vous recevrez « ${list} » de ${association}.`,
    alreadyConfirmed: (list) => `Vous êtes déjà abonné·e à « ${list} ».`,
    confirmedNote: 'Vous pourrez vous désabonner à tout moment, en un clic, depuis chaque message.',
    notPossibleTitle: 'Abonnement impossible',
    notPossible: {
      bounce: 'Les messages envoyés à cette adresse ont été refusés par son serveur de messagerie : nous ne pouvons plus lui écrire.',
      complaint: 'Un message envoyé à cette adresse a été signalé comme indésirable (spam) : par respect de ce signalement, nous ne lui écrivons plus.',
      platform: 'Cette adresse est bloquée pour l’ensemble du service d’envoi (par exemple parce que les messages lui sont refusés).',
      blocked: 'L’association a demandé à ne plus écrire à cette adresse.',
    },
    notPossibleHelp: 'Si vous pensez qu’il s’agit d’une erreur, écrivez directement à l’association, ou abonnez-vous avec une autre adresse.',
    invalidTitle: 'Lien de confirmation non valide',
    invalidBody: 'Ce lien de confirmation n’est pas valide, ou il a expiré (il est valable 7 jours).',
    invalidHelp: 'Abonnez-vous de nouveau depuis le formulaire de l’association : vous recevrez un nouveau lien. Si le lien était coupé sur deux lignes, copiez-le en entier.',
    mailSubject: (list) => `Confirmez votre abonnement à « ${list} »`,
    mailIntro: (list, association) =>
      `Vous avez demandé à recevoir « ${list} » de la part de ${association}. Pour confirmer votre abonnement, ouvrez ce lien puis cliquez sur le bouton de la page :`,
    mailButton: 'Confirmer mon abonnement',
    mailCopy: 'Si le lien ne s’ouvre pas, copiez cette adresse dans votre navigateur :',
    mailValidity: 'Ce lien est valable 7 jours.',
    mailIgnore: 'Vous n’avez rien demandé ? Ignorez ce message : vous ne serez pas abonné·e, et nous ne vous écrirons rien d’autre.',
  },
};
