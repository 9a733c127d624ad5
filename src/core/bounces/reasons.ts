// The fixed bounce-reason vocabulary (the one sisimai uses) and the policy questions the rest
// of facteur asks about a reason: is it the address that is dead, or is it *our* reputation?

export const REASONS = [
  'userunknown', 'mailboxfull', 'hostunknown', 'filtered', 'rejected', 'blocked', 'spamdetected',
  'expired', 'suspend', 'policyviolation', 'networkerror', 'systemerror', 'toomanyconn',
  'requireptr', 'authfailure', 'feedback', 'vacation', 'notaccept', 'securityerror', 'mesgtoobig',
  'norelaying', 'hasmoved', 'onhold', 'contenterror', 'undefined', 'syntaxerror', 'exceedlimit',
  'speeding', 'systemfull', 'badreputation', 'virusdetected', 'notcompliantrfc', 'delivered',
  'mailererror',
] as const;

export type Reason = (typeof REASONS)[number];

export function isReason(s: string): s is Reason {
  return (REASONS as readonly string[]).includes(s);
}

/**
 * Reasons that describe the *sender* (our IP, our domain's SPF/DKIM/DMARC, our rate), not the
 * recipient. Suppressing the recipient for these would punish members for the host's problem;
 * they feed the reputation guard and the shaping instead.
 */
const SENDER_SIDE: ReadonlySet<Reason> = new Set<Reason>([
  'blocked', 'badreputation', 'spamdetected', 'requireptr', 'authfailure', 'rejected',
  'securityerror', 'toomanyconn', 'speeding', 'norelaying', 'policyviolation', 'virusdetected',
  'contenterror', 'notcompliantrfc', 'mesgtoobig', 'syntaxerror',
]);

export function isSenderReputationProblem(reason: string | null | undefined): boolean {
  return reason != null && SENDER_SIDE.has(reason as Reason);
}

/** The address itself cannot receive mail, whatever we send: suppress at once. */
const ADDRESS_HARD: ReadonlySet<Reason> = new Set<Reason>(['userunknown', 'hostunknown', 'hasmoved', 'notaccept']);

export function isAddressLevelHard(reason: string | null | undefined): boolean {
  return reason != null && ADDRESS_HARD.has(reason as Reason);
}
