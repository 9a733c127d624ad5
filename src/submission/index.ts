// Public API of submission/: the SMTP submission server, and starting it from the configuration
// (certificate from config or generated self-signed under data.dir).
export { startSubmission, type SubmissionOptions, type SubmissionServer } from './server.ts';
export { loadOrCreateTls, type TlsFiles } from './tls.ts';
export { prepareMessage, type PreparedMessage } from './message.ts';
export { AuthThrottle, RecipientRate } from './limits.ts';
export { startSubmissionFromConfig } from './start.ts';
