// Mailbox providers, as data for typo suggestions: TARGETS are what a typo may be corrected to
// (most used by French associations' members first: ties go to the earlier one); KNOWN adds real
// domains near a target that must never be "corrected"; MISTAKES maps frequent wrong domains.

export const TARGETS: readonly string[] = [
  'gmail.com', 'hotmail.fr', 'orange.fr', 'yahoo.fr', 'wanadoo.fr', 'free.fr', 'outlook.fr', 'laposte.net',
  'hotmail.com', 'sfr.fr', 'live.fr', 'neuf.fr', 'icloud.com', 'outlook.com', 'yahoo.com', 'gmx.fr',
  'gmx.com', 'gmx.de', 'protonmail.com', 'proton.me', 'aol.com', 'bbox.fr', 'numericable.fr', 'msn.com',
  'aliceadsl.fr', 'club-internet.fr', 'cegetel.net', 'noos.fr', 'voila.fr', 'aol.fr', 'live.com',
  'me.com', 'mac.com', 'googlemail.com', 'libertysurf.fr', 'tiscali.fr', 'netcourrier.com', 'posteo.net',
  'protonmail.ch', 'tutanota.com', 'yahoo.co.uk', 'hotmail.co.uk', 'hotmail.be', 'live.be', 'skynet.be',
  'bluewin.ch', 'videotron.ca', 'sympatico.ca', 'web.de', 't-online.de', 'gmx.net', 'ymail.com', 'mail.com',
];

export const KNOWN: readonly string[] = [
  ...TARGETS,
  'email.com', 'gmx.at', 'gmx.ch', 'gmx.es', 'gmx.us', 'gmx.it', 'gmx.co.uk', 'laposte.fr', 'orange.com',
  'live.ca', 'live.it', 'live.de', 'live.nl', 'live.fi', 'live.dk', 'live.se', 'live.co.uk', 'live.com.au',
  'hotmail.de', 'hotmail.it', 'hotmail.es', 'hotmail.ca', 'hotmail.nl', 'hotmail.gr', 'hotmail.ch',
  'outlook.de', 'outlook.es', 'outlook.it', 'outlook.be', 'outlook.pt', 'outlook.ie', 'outlook.sa',
  'yahoo.de', 'yahoo.it', 'yahoo.es', 'yahoo.ca', 'yahoo.be', 'yahoo.gr', 'yahoo.ie', 'yahoo.in', 'yahoo.co.jp',
  'wanadoo.es', 'wanadoo.nl', 'orange.be', 'orange.es', 'orange.pl', 'sfr.com', 'free.com', 'aol.de',
  'msn.fr', 'pm.me', 'protonmail.ch', 'posteo.de', 'mailo.com', 'netc.fr', 'cloud.fr',
];

/** Domains that exist but receive no personal mail, and the provider people meant. */
export const MISTAKES: Readonly<Record<string, string>> = {
  'gmail.fr': 'gmail.com',
  'gmail.net': 'gmail.com',
  'gmail.org': 'gmail.com',
  'gmail.com.fr': 'gmail.com',
  'icloud.fr': 'icloud.com',
  'protonmail.fr': 'protonmail.com',
  'laposte.com': 'laposte.net',
  'neuf.com': 'neuf.fr',
  'bbox.com': 'bbox.fr',
  'wanadoo.com': 'wanadoo.fr',
  'hotmail.fr.fr': 'hotmail.fr',
  'orange.fr.fr': 'orange.fr',
};
