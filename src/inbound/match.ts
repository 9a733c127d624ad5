// Which delivery a report is about. Every route ends in an HMAC check, so a forged report can
// only reach a delivery whose token it has seen: first the VERP envelope recipient, then a VERP
// address quoted in the returned headers (Return-Path of the original, X-Original-To…), then
// the original Message-ID when it is one facteur signed (see deliveryMessageId).
import { verpCodec, verifyDeliveryMessageId, type VerpCodec } from '../core/tokens.ts';

export interface DeliveryRef {
  tenantId: number;
  deliveryId: number;
  via: 'verp' | 'quoted-verp' | 'message-id';
}

export { deliveryMessageId, verifyDeliveryMessageId } from '../core/tokens.ts';

export interface MatchEvidence {
  /** Envelope recipients of the report (RCPT TO), or SES's mail.source. */
  envelope?: readonly (string | null | undefined)[];
  /** Header values of the returned original, or of the report, that may quote a VERP address. */
  headerValues?: readonly (string | null | undefined)[];
  /** Message-IDs of the original. */
  messageIds?: readonly (string | null | undefined)[];
}

export class DeliveryMatcher {
  private readonly codec: VerpCodec;
  private readonly quoted: RegExp;

  constructor(
    private readonly secret: string | Buffer,
    bounceDomain: string,
    prefix = 'bounces',
  ) {
    this.codec = verpCodec(secret, bounceDomain, prefix);
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.quoted = new RegExp(`${esc(prefix)}\\+[0-9a-z]+-[0-9a-z]+-[a-z2-7]+@${esc(bounceDomain.toLowerCase())}`, 'gi');
  }

  /** A VERP envelope address we made (HMAC checked), or null. */
  verp(address: string): { tenantId: number; deliveryId: number } | null {
    return this.codec.verify(address);
  }

  match(evidence: MatchEvidence): DeliveryRef | null {
    for (const a of evidence.envelope ?? []) {
      const hit = a ? this.codec.verify(a) : null;
      if (hit) return { ...hit, via: 'verp' };
    }
    for (const v of evidence.headerValues ?? []) {
      if (!v) continue;
      for (const found of v.match(this.quoted) ?? []) {
        const hit = this.codec.verify(found);
        if (hit) return { ...hit, via: 'quoted-verp' };
      }
    }
    for (const id of evidence.messageIds ?? []) {
      const hit = id ? verifyDeliveryMessageId(this.secret, id) : null;
      if (hit) return { ...hit, via: 'message-id' };
    }
    return null;
  }
}
