// Public API of e-mail address handling: syntax and normalisation (parse), provider typo
// suggestions (typos) and deliverability of a domain through an injected DNS resolver.
export { parseAddress, parseDomainName } from './parse.ts';
export type { ParsedAddress, ParsedDomain } from './parse.ts';
export { REASONS, reasonText } from './reasons.ts';
export type { ReasonCode } from './reasons.ts';
export { suggestDomain, editDistance } from './typos.ts';
export { checkDomain, DomainChecker, UNDELIVERABLE } from './domain-check.ts';
export type { DomainCheck, DomainKind, DomainCheckerOptions } from './domain-check.ts';
