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
};
