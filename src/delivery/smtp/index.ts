// Public API of delivery/smtp: the client connection and reply helpers.
export { SmtpConnection, type ConnectOptions, type OpenResult, type SmtpResult, type SmtpTimeouts, type Security, type Stage } from './connection.ts';
export { ReplyParser, outcomeOf, type Reply, type Outcome } from './reply.ts';
export { encodeData, has8bit } from './data.ts';
