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
};
