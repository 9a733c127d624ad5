// The shape of a message catalogue for the pages members see. Values are plain text: templates
// escape them, so a catalogue can never inject markup. Functions take the values they mention.

export interface Messages {
  /** BCP 47 tag written in <html lang>. */
  lang: string;
  /** Name of this language in itself, for the language switch. */
  languageName: string;

  common: {
    privacyLink: string;
    preferencesLink: string;
    languageSwitchLabel: string;
    footer: (platform: string) => string;
  };

  unsubscribe: {
    title: string;
    headingList: (list: string) => string;
    headingAll: (association: string) => string;
    introList: (association: string, address: string) => string;
    introAll: (association: string, address: string) => string;
    button: string;
    oneClickNote: string;
    alreadyList: (list: string) => string;
    alreadyAll: (association: string) => string;
    nothingToDo: string;
  };

  done: {
    title: string;
    list: (list: string) => string;
    all: (association: string) => string;
    mistake: string;
    resubscribeButton: string;
    preferencesHint: string;
    oneClickBody: string;
  };

  resubscribed: {
    title: string;
    list: (list: string) => string;
    all: (association: string) => string;
    notPossible: string;
    globallyUnsubscribed: string;
  };

  preferences: {
    title: string;
    heading: (association: string) => string;
    intro: (address: string) => string;
    legend: string;
    save: string;
    saved: string;
    noLists: string;
    globallyUnsubscribed: string;
    unsubscribeAllHeading: string;
    unsubscribeAllButton: string;
  };

  privacy: {
    title: string;
    intro: (platform: string) => string;
    sections: { heading: string; paragraphs: string[] }[];
    retention: (days: number | undefined) => string;
  };

  notFound: {
    title: string;
    body: string;
    help: string;
  };

  serverError: {
    title: string;
    body: string;
  };

  badRequest: {
    title: string;
    body: string;
    back: string;
  };
}
