// Which webhook URLs facteur posts to: https, or plain http to this machine only (a local test
// receiver). Events carry members' addresses and the requests carry a signature meant to stay
// private, so they never cross a network in clear. Used by the API and the admin interface.
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export type WebhookUrlProblem = 'invalid' | 'not-https' | 'credentials';

/** Why a URL cannot be a webhook endpoint, or undefined when it can. */
export function webhookUrlProblem(raw: string): WebhookUrlProblem | undefined {
  if (raw.length > 2000 || /[\s\u0000-\u001f\u007f]/.test(raw)) return 'invalid';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'invalid';
  if (!url.hostname) return 'invalid';
  // user:password@ would be shown in every list of endpoints.
  if (url.username || url.password) return 'credentials';
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) return 'not-https';
  return undefined;
}
