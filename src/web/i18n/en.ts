// English catalogue for the pages members see (chosen by ?lang=en or Accept-Language).
import type { Messages } from './messages.ts';

export const en: Messages = {
  lang: 'en',
  languageName: 'English',

  common: {
    privacyLink: 'Your data and this service',
    preferencesLink: 'Choose the lists I receive',
    languageSwitchLabel: 'Language',
    footer: (platform) => `Sent by ${platform}, free software. No tracking, no cookies.`,
  },

  unsubscribe: {
    title: 'Unsubscribe',
    headingList: (list) => `Unsubscribe from “${list}”`,
    headingAll: (association) => `Stop receiving anything from ${association}`,
    introList: (association, address) => `The address ${address} receives the list above from ${association}.`,
    introAll: (association, address) => `The address ${address} receives messages from ${association}.`,
    button: 'Unsubscribe',
    oneClickNote: 'One click is enough: no account, no password, no questions asked.',
    alreadyList: (list) => `You are already unsubscribed from “${list}”.`,
    alreadyAll: (association) => `You are already unsubscribed from everything ${association} sends.`,
    nothingToDo: 'This address is no longer among the recipients: you will not receive these messages any more. There is nothing else to do.',
  },

  done: {
    title: 'Unsubscribed',
    list: (list) => `Done: you will no longer receive “${list}”.`,
    all: (association) => `Done: you will no longer receive any message from ${association}.`,
    mistake: 'Clicked by mistake?',
    resubscribeButton: 'Subscribe me again',
    preferencesHint: 'You can also choose exactly which lists you want to receive.',
    oneClickBody: 'Unsubscribed.',
  },

  resubscribed: {
    title: 'Subscribed again',
    list: (list) => `You are subscribed to “${list}” again.`,
    all: (association) => `You will receive messages from ${association} again.`,
    notPossible:
      'This address cannot be subscribed again from this page (for example, it was reported as no longer receiving mail). Write to the association and ask it to add you back.',
    globallyUnsubscribed: 'You are unsubscribed from everything the association sends: choose the lists to receive on your subscriptions page.',
  },

  preferences: {
    title: 'My subscriptions',
    heading: (association) => `Your subscriptions to ${association}`,
    intro: (address) => `Tick the lists the address ${address} should receive, then save.`,
    legend: 'Lists',
    save: 'Save my choices',
    saved: 'Your choices are saved.',
    noLists: 'This address is not on any list.',
    globallyUnsubscribed: 'You are currently unsubscribed from everything. Ticking a list and saving subscribes you to it again.',
    unsubscribeAllHeading: 'Stop receiving anything',
    unsubscribeAllButton: 'Unsubscribe from everything',
  },

  privacy: {
    title: 'Your data and this service',
    intro: (platform) =>
      `${platform} is the sending service associations use to write to their members. Here is what it keeps about you, and why.`,
    sections: [
      {
        heading: 'What is kept',
        paragraphs: [
          'Your e-mail address, and the fields the association chose to provide (your name, for example) to personalise its messages.',
          'The lists you are on, and your unsubscriptions.',
          'A technical record of each delivery: delivered, refused, waiting, and the answer of the server that received it. It is used to stop writing to addresses that no longer exist, and to protect the sending reputation of every association.',
        ],
      },
      {
        heading: 'What is never done',
        paragraphs: [
          'No tracking pixel: we do not know whether you open a message.',
          'No link redirection: links in messages go straight to their destination, not through us.',
          'No cookies, no scripts, no third-party resources on these pages. Your data is not sold, not shared, and not used for advertising.',
        ],
      },
      {
        heading: 'Unsubscribing, having your data erased',
        paragraphs: [
          'Every message carries an unsubscribe link that works in one click, without an account. After unsubscribing from everything, your address is kept on a do-not-mail list, only so that you are not written to again.',
          'To see or erase your data, ask the association that writes to you: it is responsible for its member file, and it can erase everything from facteur.',
        ],
      },
    ],
    retention: (days) =>
      days === undefined
        ? 'Delivery records are deleted automatically after a period set by the host of this service.'
        : `Delivery records are deleted automatically after ${days} days.`,
  },

  notFound: {
    title: 'Invalid link',
    body: 'This link is not valid, or it is incomplete.',
    help: 'Check that the whole address was copied (links split over two lines are common). If in doubt, write to the association that sent you the message.',
  },

  serverError: {
    title: 'Temporary problem',
    body: 'A problem on our side prevented us from recording your request. Please try again in a few minutes: the link stays valid.',
  },

  badRequest: {
    title: 'Incomplete form',
    body: 'The form we received was incomplete: nothing was changed.',
    back: 'Back to the unsubscribe page',
  },
  subscribe: {
    title: 'Subscribe',
    heading: (list) => `Subscribe to “${list}”`,
    from: (association) => `A mailing list from ${association}.`,
    emailLabel: 'Your e-mail address',
    emailHint: 'For example: jeanne@example.org',
    nameLabel: 'Your name (optional)',
    honeypotLabel: 'Leave this field empty',
    consent: (list, association) =>
      `By clicking “Subscribe”, you ask to receive “${list}” from ${association} by e-mail. We first send you a message to confirm your address: nothing is recorded until you click its link. Every message has a one-click unsubscribe link.`,
    privacyLink: 'What we keep, and why',
    button: 'Subscribe',
    almost: 'Almost done: check your address, then click “Subscribe”.',
    stale: 'This page was open for a long time: check your details, then click “Subscribe” again.',
    errorSummary: 'The form has an error: correct it, then click “Subscribe” again.',
    emailRequired: 'Enter your e-mail address, for example jeanne@example.org.',
    emailTooLong: (max) => `This address is too long (${max} characters at most): check it.`,
    emailInvalid: (code) => {
      switch (code) {
        case 'no_at':
          return 'The “@” is missing: an address looks like name@domain.org.';
        case 'multiple_at':
          return 'The address has more than one “@”: keep only one, between the name and the domain.';
        case 'whitespace':
          return 'The address contains a space: remove it (addresses never contain spaces).';
        case 'several_addresses':
          return 'Enter a single address.';
        case 'domain_empty':
        case 'tld_missing':
          return 'The end of the address is incomplete: after the “@” comes a domain such as example.org or gmail.com.';
        case 'local_empty':
          return 'The start of the address, before the “@”, is missing.';
        default:
          return 'This address is not valid: check it (it should look like name@domain.org).';
      }
    },
    suggestion: (address) => `Did you mean ${address}?`,
    typo: (suggestion) => `Did you mean ${suggestion}? Correct the address if needed, or click “Subscribe” again to keep it as it is.`,
    nameTooLong: (max) => `This name is too long (${max} characters at most): shorten it.`,
    sentTitle: 'Check your inbox',
    sentBody:
      'If this address can receive the list, a message with a confirmation link, valid for 7 days, has just been sent to it. You will only be subscribed once you click that link.',
    sentAlready: 'If you are already subscribed, no new message is sent: you already receive the list.',
    sentSpam: 'Nothing after a few minutes? Look in your spam folder, then check the spelling of your address.',
    tooManyTitle: 'Too many requests',
    tooManyBody: (minutes) =>
      `Too many subscription requests came from this connection or for this address. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    confirmTitle: 'Confirm my subscription',
    confirmIntro: (list, association, address) => `You are about to subscribe to “${list}” from ${association}, with the address ${address}.`,
    confirmButton: 'Confirm my subscription',
    confirmIgnore: 'You did not ask for this? Simply close this page: nothing will be recorded.',
    confirmedTitle: 'Subscription confirmed',
    confirmed: (list, association) => `Done: you will receive “${list}” from ${association}.`,
    alreadyConfirmed: (list) => `You are already subscribed to “${list}”.`,
    confirmedNote: 'You can unsubscribe at any time, in one click, from any message.',
    notPossibleTitle: 'Subscription not possible',
    notPossible: {
      bounce: 'Messages sent to this address were refused by its mail server: we can no longer write to it.',
      complaint: 'A message sent to this address was reported as spam: out of respect for that report, we no longer write to it.',
      platform: 'This address is blocked for the whole sending service (for example because messages to it are refused).',
      blocked: 'The association asked not to write to this address any more.',
    },
    notPossibleHelp: 'If you think this is a mistake, write to the association directly, or subscribe with another address.',
    invalidTitle: 'Invalid confirmation link',
    invalidBody: 'This confirmation link is not valid, or it has expired (it is valid for 7 days).',
    invalidHelp: 'Subscribe again from the association’s form: you will receive a new link. If the link was split over two lines, copy all of it.',
    mailSubject: (list) => `Confirm your subscription to “${list}”`,
    mailIntro: (list, association) =>
      `You asked to receive “${list}” from ${association}. To confirm your subscription, open this link, then click the button on the page:`,
    mailButton: 'Confirm my subscription',
    mailCopy: 'If the link does not open, copy this address into your browser:',
    mailValidity: 'This link is valid for 7 days.',
    mailIgnore: 'You did not ask for this? Ignore this message: you will not be subscribed, and we will not write to you again.',
  },
};
