// Strings of the team area and of password links (forgot your password, set your password, the
// mail carrying the link), French (default) and English. Plain text only: pages escape every
// value, and the mail body escapes what it writes in for Markdown.
import type { Lang } from '../../i18n/index.ts';

export interface TeamMessages {
  login: {
    forgotLink: string;
    passwordSet: string;
  };
  forgot: {
    title: string;
    intro: string;
    email: string;
    tenant: string;
    tenantHint: string;
    operators: string;
    submit: string;
    backToLogin: string;
    missing: string;
    sentTitle: string;
    sent: string;
    sentSpam: string;
    unavailableTitle: string;
    unavailable: string;
  };
  reset: {
    titleReset: string;
    titleInvite: string;
    introReset: (email: string, association: string) => string;
    introInvite: (email: string, association: string) => string;
    password: string;
    passwordHint: string;
    confirm: string;
    submit: string;
    tooShort: string;
    tooLong: string;
    mismatch: string;
    isEmail: string;
    invalidTitle: string;
    invalid: string;
    askAgain: string;
  };
  mail: {
    resetSubject: (association: string) => string;
    resetBody: (p: { association: string; slug: string; email: string; link: string; platform: string }) => string;
    inviteSubject: (association: string) => string;
    inviteBody: (p: { association: string; slug: string; email: string; name: string; link: string; platform: string; inviter: string }) => string;
  };
  team: {
    title: string;
    intro: string;
    readOnly: string;
    caption: string;
    name: string;
    email: string;
    role: string;
    lastSignIn: string;
    never: string;
    you: string;
    manage: (who: string) => string;
    manageLink: string;
    actions: string;
    roles: Record<'admin' | 'editor', string>;
    roleHints: Record<'admin' | 'editor', string>;
    inviteHeading: string;
    inviteIntro: string;
    inviteName: string;
    inviteNameHint: string;
    inviteLang: string;
    inviteLangHint: string;
    inviteSubmit: string;
    done: Record<'invited' | 'role' | 'removed' | 'resent', string>;
    emailInvalid: (reason: string) => string;
    emailMissing: string;
    emailTooLong: string;
    roleMissing: string;
    nameTooLong: string;
    exists: string;
    noSecret: string;
    sendFailed: string;
    memberTitle: (who: string) => string;
    facts: string;
    roleHeading: string;
    roleSubmit: string;
    resendHeading: string;
    resendIntro: string;
    resendSubmit: string;
    removeHeading: string;
    removeIntro: string;
    removeSelf: string;
    removeConfirm: (who: string) => string;
    removeSubmit: string;
    removeUnconfirmed: string;
    lastAdminRole: string;
    lastAdminRemove: string;
    back: string;
  };
}

const fr: TeamMessages = {
  login: {
    forgotLink: 'Mot de passe oublié ?',
    passwordSet: 'Votre mot de passe est enregistré. Vous pouvez vous connecter.',
  },
  forgot: {
    title: 'Mot de passe oublié',
    intro: 'Indiquez votre adresse e-mail et l’identifiant de votre association : nous vous envoyons un lien pour choisir un nouveau mot de passe.',
    email: 'Adresse e-mail',
    tenant: 'Identifiant de l’association',
    tenantHint: 'Par exemple « atelier-velo » : le même qu’à la connexion.',
    operators: 'Opérateur·rice de la plateforme ? Demandez à un·e autre opérateur·rice, ou lancez « facteur user reset-password --email votre@adresse » sur le serveur.',
    submit: 'Recevoir le lien',
    backToLogin: 'Retour à la connexion',
    missing: 'Indiquez votre adresse e-mail et l’identifiant de votre association.',
    sentTitle: 'Vérifiez votre messagerie',
    sent: 'Si un compte correspond à cette adresse dans cette association, un message vient de lui être envoyé avec un lien valable 1 heure.',
    sentSpam: 'Rien reçu d’ici quelques minutes ? Regardez dans les indésirables, vérifiez l’adresse et l’identifiant, ou demandez à un·e administrateur·rice de votre association.',
    unavailableTitle: 'Fonction indisponible',
    unavailable: 'La réinitialisation par e-mail n’est pas disponible sur ce serveur (l’adresse publique ou le secret de la plateforme n’est pas configuré). Demandez à un·e administrateur·rice de votre association ou à l’hébergeur.',
  },
  reset: {
    titleReset: 'Choisir un nouveau mot de passe',
    titleInvite: 'Bienvenue : choisissez votre mot de passe',
    introReset: (e, a) => `Compte ${e} — ${a}.`,
    introInvite: (e, a) => `Vous rejoignez l’équipe de ${a} avec l’adresse ${e}.`,
    password: 'Nouveau mot de passe',
    passwordHint: 'Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.',
    confirm: 'Le même mot de passe, encore une fois',
    submit: 'Enregistrer le mot de passe',
    tooShort: 'Le mot de passe est trop court : il faut au moins 12 caractères.',
    tooLong: 'Le mot de passe est trop long : 1024 caractères au plus.',
    mismatch: 'Les deux mots de passe ne sont pas identiques. Retapez-les.',
    isEmail: 'Le mot de passe ne peut pas être votre adresse e-mail. Choisissez-en un autre.',
    invalidTitle: 'Lien invalide ou expiré',
    invalid: 'Ce lien ne fonctionne pas : il a expiré, il a déjà servi, ou il est incomplet. Demandez-en un nouveau.',
    askAgain: 'Demander un nouveau lien',
  },
  mail: {
    resetSubject: (a) => `${a} : choisir un nouveau mot de passe`,
    resetBody: (p) =>
      `Bonjour,\n\nQuelqu’un (sans doute vous) a demandé à changer le mot de passe du compte ${p.email} de ${p.association} sur ${p.platform}.\n\n[Choisir un nouveau mot de passe](<${p.link}>)\n\nCe lien est valable 1 heure et ne sert qu’une fois. Identifiant de l’association pour vous connecter : ${p.slug}.\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.`,
    inviteSubject: (a) => `Invitation à rejoindre l’équipe de ${a}`,
    inviteBody: (p) =>
      `Bonjour${p.name ? ` ${p.name}` : ''},\n\n${p.inviter} vous invite à rejoindre l’équipe de ${p.association} sur ${p.platform}, l’outil d’envoi de lettres de l’association. Pour vous connecter : votre adresse ${p.email} et l’identifiant de l’association, ${p.slug}.\n\n[Choisir mon mot de passe](<${p.link}>)\n\nCe lien est valable 7 jours et ne sert qu’une fois. Si vous ne vous attendiez pas à cette invitation, ignorez ce message.`,
  },
  team: {
    title: 'Équipe',
    intro: 'Les personnes qui peuvent se connecter pour votre association.',
    readOnly: 'Seul·es les administrateur·rices peuvent inviter, changer les rôles ou retirer quelqu’un.',
    caption: 'Membres de l’équipe',
    name: 'Nom',
    email: 'Adresse e-mail',
    role: 'Rôle',
    lastSignIn: 'Dernière connexion',
    never: 'jamais',
    you: '(vous)',
    manage: (w) => `Gérer ${w}`,
    manageLink: 'Gérer',
    actions: 'Actions',
    roles: { admin: 'Administrateur·rice', editor: 'Rédacteur·rice' },
    roleHints: {
      admin: 'Tout, y compris l’équipe, les clés d’API, les identifiants SMTP, les webhooks et le domaine.',
      editor: 'Contacts, listes et envois ; ne gère ni l’équipe ni les réglages techniques.',
    },
    inviteHeading: 'Inviter quelqu’un',
    inviteIntro: 'La personne reçoit un e-mail avec un lien pour choisir son mot de passe, valable 7 jours.',
    inviteName: 'Nom (facultatif)',
    inviteNameHint: 'Affiché dans la liste et dans l’invitation. 100 caractères au plus.',
    inviteLang: 'Langue de l’invitation',
    inviteLangHint: 'L’e-mail et la page du lien seront dans cette langue.',
    inviteSubmit: 'Envoyer l’invitation',
    done: {
      invited: 'Invitation envoyée.',
      role: 'Rôle modifié.',
      removed: 'La personne a été retirée de l’équipe ; ses sessions sont fermées.',
      resent: 'Un nouveau lien a été envoyé.',
    },
    emailInvalid: (r) => `Cette adresse e-mail n’est pas valide : ${r}`,
    emailMissing: 'Indiquez l’adresse e-mail de la personne à inviter.',
    emailTooLong: 'Cette adresse e-mail est trop longue : 320 caractères au plus.',
    roleMissing: 'Choisissez un rôle : administrateur·rice ou rédacteur·rice.',
    nameTooLong: 'Le nom est trop long : 100 caractères au plus.',
    exists: 'Cette adresse fait déjà partie de l’équipe.',
    noSecret: 'Impossible d’envoyer le lien : l’adresse publique ou le secret de la plateforme n’est pas configuré sur ce serveur. Demandez à l’hébergeur.',
    sendFailed: 'Le message n’a pas pu partir : l’adresse d’expédition de l’association n’est pas utilisable. Configurez le domaine d’envoi (page Domaine) ou demandez à l’hébergeur.',
    memberTitle: (w) => `Équipe — ${w}`,
    facts: 'Informations',
    roleHeading: 'Rôle',
    roleSubmit: 'Changer le rôle',
    resendHeading: 'Nouveau lien de mot de passe',
    resendIntro: 'Envoie à la personne un lien pour choisir son mot de passe, valable 7 jours (invitation perdue, mot de passe oublié).',
    resendSubmit: 'Envoyer un nouveau lien',
    removeHeading: 'Retirer de l’équipe',
    removeIntro: 'La personne ne pourra plus se connecter ; ses sessions ouvertes sont fermées. Les contacts et les envois de l’association ne changent pas.',
    removeSelf: 'Attention : c’est votre propre compte, vous serez déconnecté·e.',
    removeConfirm: (w) => `Je confirme retirer ${w} de l’équipe`,
    removeSubmit: 'Retirer',
    removeUnconfirmed: 'Cochez la case pour confirmer le retrait.',
    lastAdminRole: 'Vous êtes la seule personne administratrice de l’association : nommez d’abord quelqu’un d’autre administrateur·rice, puis vous pourrez changer votre rôle.',
    lastAdminRemove: 'Vous êtes la seule personne administratrice de l’association : nommez d’abord quelqu’un d’autre administrateur·rice, puis vous pourrez quitter l’équipe.',
    back: 'Retour à l’équipe',
  },
};

const en: TeamMessages = {
  login: {
    forgotLink: 'Forgot your password?',
    passwordSet: 'Your password is saved. You can sign in now.',
  },
  forgot: {
    title: 'Forgot your password',
    intro: 'Enter your e-mail address and your association’s identifier: we will send you a link to choose a new password.',
    email: 'E-mail address',
    tenant: 'Association identifier',
    tenantHint: 'For example “bike-workshop”: the same as when you sign in.',
    operators: 'Platform operator? Ask another operator, or run “facteur user reset-password --email your@address” on the server.',
    submit: 'Send me the link',
    backToLogin: 'Back to sign-in',
    missing: 'Enter your e-mail address and your association’s identifier.',
    sentTitle: 'Check your mailbox',
    sent: 'If an account matches this address in this association, we have just sent it a message with a link valid for 1 hour.',
    sentSpam: 'Nothing after a few minutes? Look in your spam folder, check the address and the identifier, or ask an administrator of your association.',
    unavailableTitle: 'Not available',
    unavailable: 'Password reset by e-mail is not available on this server (the platform’s public address or secret is not configured). Ask an administrator of your association or the host.',
  },
  reset: {
    titleReset: 'Choose a new password',
    titleInvite: 'Welcome: choose your password',
    introReset: (e, a) => `Account ${e} — ${a}.`,
    introInvite: (e, a) => `You are joining the team of ${a} with the address ${e}.`,
    password: 'New password',
    passwordHint: 'At least 12 characters. A sentence of a few words is easy to remember and hard to guess.',
    confirm: 'The same password again',
    submit: 'Save the password',
    tooShort: 'The password is too short: it needs at least 12 characters.',
    tooLong: 'The password is too long: 1024 characters at most.',
    mismatch: 'The two passwords are not the same. Type them again.',
    isEmail: 'The password cannot be your e-mail address. Choose another one.',
    invalidTitle: 'Invalid or expired link',
    invalid: 'This link does not work: it has expired, it was already used, or it is incomplete. Ask for a new one.',
    askAgain: 'Ask for a new link',
  },
  mail: {
    resetSubject: (a) => `${a}: choose a new password`,
    resetBody: (p) =>
      `Hello,\n\nSomeone (probably you) asked to change the password of the account ${p.email} of ${p.association} on ${p.platform}.\n\n[Choose a new password](<${p.link}>)\n\nThis link is valid for 1 hour and works once. The association identifier to sign in: ${p.slug}.\n\nIf you did not ask for it, ignore this message: your password does not change.`,
    inviteSubject: (a) => `Invitation to join the team of ${a}`,
    inviteBody: (p) =>
      `Hello${p.name ? ` ${p.name}` : ''},\n\n${p.inviter} invites you to join the team of ${p.association} on ${p.platform}, the association’s mailing tool. To sign in: your address ${p.email} and the association identifier, ${p.slug}.\n\n[Choose my password](<${p.link}>)\n\nThis link is valid for 7 days and works once. If you did not expect this invitation, ignore this message.`,
  },
  team: {
    title: 'Team',
    intro: 'The people who can sign in for your association.',
    readOnly: 'Only administrators can invite, change roles or remove someone.',
    caption: 'Team members',
    name: 'Name',
    email: 'E-mail address',
    role: 'Role',
    lastSignIn: 'Last sign-in',
    never: 'never',
    you: '(you)',
    manage: (w) => `Manage ${w}`,
    manageLink: 'Manage',
    actions: 'Actions',
    roles: { admin: 'Administrator', editor: 'Editor' },
    roleHints: {
      admin: 'Everything, including the team, API keys, SMTP credentials, webhooks and the domain.',
      editor: 'Contacts, lists and mailings; does not manage the team or the technical settings.',
    },
    inviteHeading: 'Invite someone',
    inviteIntro: 'They get an e-mail with a link to choose their password, valid for 7 days.',
    inviteName: 'Name (optional)',
    inviteNameHint: 'Shown in the list and in the invitation. 100 characters at most.',
    inviteLang: 'Language of the invitation',
    inviteLangHint: 'The e-mail and the page of the link will be in this language.',
    inviteSubmit: 'Send the invitation',
    done: {
      invited: 'Invitation sent.',
      role: 'Role changed.',
      removed: 'They were removed from the team; their sessions are closed.',
      resent: 'A new link was sent.',
    },
    emailInvalid: (r) => `This e-mail address is not valid: ${r}`,
    emailMissing: 'Enter the e-mail address of the person to invite.',
    emailTooLong: 'This e-mail address is too long: 320 characters at most.',
    roleMissing: 'Choose a role: administrator or editor.',
    nameTooLong: 'The name is too long: 100 characters at most.',
    exists: 'This address is already in the team.',
    noSecret: 'The link cannot be sent: the platform’s public address or secret is not configured on this server. Ask the host.',
    sendFailed: 'The message could not be sent: the association’s sender address is not usable. Set up the sending domain (Domain page) or ask the host.',
    memberTitle: (w) => `Team — ${w}`,
    facts: 'Details',
    roleHeading: 'Role',
    roleSubmit: 'Change the role',
    resendHeading: 'New password link',
    resendIntro: 'Sends them a link to choose their password, valid for 7 days (invitation lost, password forgotten).',
    resendSubmit: 'Send a new link',
    removeHeading: 'Remove from the team',
    removeIntro: 'They will no longer be able to sign in; their open sessions are closed. The association’s contacts and mailings do not change.',
    removeSelf: 'Careful: this is your own account, you will be signed out.',
    removeConfirm: (w) => `I confirm removing ${w} from the team`,
    removeSubmit: 'Remove',
    removeUnconfirmed: 'Tick the box to confirm the removal.',
    lastAdminRole: 'You are the association’s only administrator: make someone else an administrator first, then you can change your role.',
    lastAdminRemove: 'You are the association’s only administrator: make someone else an administrator first, then you can leave the team.',
    back: 'Back to the team',
  },
};

const CATALOGUES: Record<Lang, TeamMessages> = { fr, en };

export function teamMessages(lang: Lang): TeamMessages {
  return CATALOGUES[lang];
}
