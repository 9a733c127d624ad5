// DKIM keys: generation (rsa-2048, ed25519), loading once into KeyObjects, and the DNS TXT value
// (RFC 6376 §3.6.1; RFC 8463 §4: an ed25519 p= is the raw 32-byte key). Never log a private key.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { FacteurError } from '../../core/errors.ts';

export type DkimKeyType = 'rsa' | 'ed25519';

// DER prefixes that turn a raw 32-byte Ed25519 key into PKCS#8 / SPKI (RFC 8410 §7, §4).
const ED_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED_SPKI = Buffer.from('302a300506032b6570032100', 'hex');

export interface GeneratedKey {
  type: DkimKeyType;
  privateKeyPem: string;
  /** The value of the TXT record at `<selector>._domainkey.<domain>`. */
  txt: string;
}

export function generateDkimKey(type: DkimKeyType = 'rsa', bits = 2048): GeneratedKey {
  const pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: bits }) : generateKeyPairSync('ed25519');
  return {
    type,
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    txt: dnsTxtValue(pair.publicKey),
  };
}

/** `v=DKIM1; k=…; p=…` for a public (or private) key. */
export function dnsTxtValue(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const spki = pub.export({ type: 'spki', format: 'der' });
  if (pub.asymmetricKeyType === 'ed25519') return `v=DKIM1; k=ed25519; p=${spki.subarray(ED_SPKI.length).toString('base64')}`;
  return `v=DKIM1; k=rsa; p=${spki.toString('base64')}`;
}

/** PEM (PKCS#1 or PKCS#8) or a bare base64 Ed25519 seed as in RFC 8463's appendix. */
export function loadPrivateKey(input: string | Buffer | KeyObject): KeyObject {
  if (typeof input === 'object' && 'asymmetricKeyType' in input) return checkKey(input);
  const text = input.toString().trim();
  try {
    if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
      return checkKey(createPrivateKey({ key: Buffer.concat([ED_PKCS8, Buffer.from(text, 'base64')]), format: 'der', type: 'pkcs8' }));
    }
    return checkKey(createPrivateKey(text));
  } catch (e) {
    if (e instanceof FacteurError) throw e;
    // The cause is not attached: OpenSSL messages can quote key material.
    throw new FacteurError('ERR_DKIM_KEY', 'the DKIM private key cannot be read', {
      hint: 'give a PEM private key (facteur dkim keygen writes one) or a base64 Ed25519 seed',
    });
  }
}

function checkKey(key: KeyObject): KeyObject {
  const t = key.asymmetricKeyType;
  if (key.type !== 'private' || (t !== 'rsa' && t !== 'ed25519')) {
    throw new FacteurError('ERR_DKIM_KEY', `a DKIM key must be a private rsa or ed25519 key, got ${key.type} ${t ?? '?'}`);
  }
  // RFC 8301 §3.2: verifiers must reject RSA keys under 1024 bits.
  if (t === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) {
    throw new FacteurError('ERR_DKIM_KEY', 'RSA DKIM keys must have at least 1024 bits (2048 recommended)');
  }
  return key;
}

/** The public key named by a DKIM TXT record's k= and p= tags. */
export function publicKeyFromDns(k: string, p: string): KeyObject {
  const der = Buffer.from(p, 'base64');
  if (k === 'ed25519') return createPublicKey({ key: Buffer.concat([ED_SPKI, der]), format: 'der', type: 'spki' });
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    // Some records publish a bare PKCS#1 RSAPublicKey, as RFC 6376 §3.6.1 literally says.
    return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}
