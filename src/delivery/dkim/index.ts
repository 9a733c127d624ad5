// DKIM (RFC 6376, RFC 8463): signer, verifier, keys and the worker pool that composes + signs off
// the main thread. Public API of src/delivery/dkim.
export { DkimSigner, signMessage, DEFAULT_SIGNED_HEADERS, DEFAULT_OVERSIGNED, type DkimSignerOptions, type DkimAlgorithm } from './sign.ts';
export { verifyDkim, parseTags, type DkimVerdict, type DkimResult } from './verify.ts';
export { generateDkimKey, loadPrivateKey, dnsTxtValue, publicKeyFromDns, type GeneratedKey, type DkimKeyType } from './keys.ts';
export { bodyHash, relaxedBody, relaxedHeader, splitMessage } from './canon.ts';
