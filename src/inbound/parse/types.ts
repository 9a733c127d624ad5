// What the bounce parser returns: one entry per failed (or reported) recipient, plus what is
// needed to match the report to the delivery that caused it (VERP address, original Message-ID).
import type { Reason } from '../../core/bounces/index.ts';

export type BounceKind = 'dsn' | 'ndr' | 'arf' | 'ses' | 'autoreply' | 'none';

export interface BounceRecipient {
  recipient: string;
  reason: Reason;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1"; null when the report gives none. */
  status: string | null;
  /** SMTP reply code (RFC 5321 §4.2); null when unknown. */
  replycode: number | null;
  hardbounce: boolean;
  /** ARF Feedback-Type (RFC 5965 §3.1), for complaints only. */
  feedbacktype: string | null;
  /** The diagnostic text the reason was drawn from. */
  diagnostic: string;
  action: string | null;
}

export interface OriginalMessage {
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  /** Every header of the returned original we could reach (names lower-case). */
  headers: Array<{ name: string; value: string }>;
}

export interface BounceReport {
  kind: BounceKind;
  recipients: BounceRecipient[];
  original: OriginalMessage | null;
  /** Envelope recipient of the report itself (our VERP address), when the headers tell it. */
  envelopeTo: string | null;
}

/** Intermediate form shared by the extractors before classification. */
export interface RawRecipient {
  recipient: string;
  status: string | null;
  replycode: number | null;
  diagnostic: string;
  action: string | null;
  command: string | null;
  feedbacktype?: string | null;
  reason?: Reason | null;
  /** Diagnostic-Code type (RFC 3464 §2.3.6): "SMTP", "X-UNIX", … */
  diagnosticType?: string | null;
  /** Hosts that refused or reported (Remote-MTA, Reporting-MTA), for provider reply tables. */
  origin?: string | null;
}
