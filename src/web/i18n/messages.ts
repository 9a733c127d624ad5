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

  /** The public subscription form (double opt-in), its pages and its confirmation mail. */
  subscribe: {
    title: string;
    heading: (list: string) => string;
    from: (association: string) => string;
    emailLabel: string;
    emailHint: string;
    nameLabel: string;
    /** Label of the honeypot field, which people never see (screen readers skip it too). */
    honeypotLabel: string;
    consent: (list: string, association: string) => string;
    privacyLink: string;
    button: string;
    /** After a post from a form embedded on another site: one more click on our page. */
    almost: string;
    /** The page stayed open more than a day. */
    stale: string;
    errorSummary: string;
    emailRequired: string;
    emailTooLong: (max: number) => string;
    /** A member-facing explanation for a reason code of parseAddress. */
    emailInvalid: (code: string) => string;
    suggestion: (address: string) => string;
    /** A valid address that looks like a typo of a common one: kept if submitted again unchanged. */
    typo: (suggestion: string) => string;
    nameTooLong: (max: number) => string;
    sentTitle: string;
    sentBody: string;
    sentAlready: string;
    sentSpam: string;
    tooManyTitle: string;
    tooManyBody: (minutes: number) => string;
    confirmTitle: string;
    confirmIntro: (list: string, association: string, address: string) => string;
    confirmButton: string;
    confirmIgnore: string;
    confirmedTitle: string;
    confirmed: (list: string, association: string) => string;
    alreadyConfirmed: (list: string) => string;
    confirmedNote: string;
    notPossibleTitle: string;
    notPossible: Record<'bounce' | 'complaint' | 'platform' | 'blocked', string>;
    notPossibleHelp: string;
    invalidTitle: string;
    invalidBody: string;
    invalidHelp: string;
    mailSubject: (list: string) => string;
    mailIntro: (list: string, association: string) => string;
    mailButton: string;
    mailCopy: string;
    mailValidity: string;
    mailIgnore: string;
  };
}
