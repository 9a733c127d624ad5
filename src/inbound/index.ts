// Public API of inbound/: bounce/complaint parsing, the effects and suppression policy, the
// SMTP receiver for the bounce domain and SES notifications.
export * from './parse/index.ts';
export { applyDeliveryFailure, applyComplaint, applyUnsubscribe, applyDelivered, applyDelayed } from './effects.ts';
export type { FailureInput, ComplaintInput, EffectOptions, EffectOutcome, SenderProblem, SenderProblemHook } from './effects.ts';
export { DEFAULT_POLICY, policyFromConfig, classifyFailure, provenDead, type InboundPolicy, type FailureClass } from './policy.ts';
export { DeliveryMatcher, deliveryMessageId, verifyDeliveryMessageId, type DeliveryRef, type MatchEvidence } from './match.ts';
export { InboundProcessor, type InboundDeps, type Envelope, type ProcessResult, type RecipientKind, type ReportItem } from './processor.ts';
export { startReceiver, type Receiver, type ReceiverOptions } from './receiver.ts';
export { createSesHandler, verifySnsMessage, readSesNotification, isSnsUrl, httpsCertFetcher, type SnsMessage, type CertFetcher, type SesHandlerOptions } from './ses.ts';
export { startInbound, bounceDomainOf, type InboundService } from './service.ts';
