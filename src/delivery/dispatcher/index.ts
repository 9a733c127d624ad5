// Public API of delivery/dispatcher: what the scheduler uses to send.
export { Dispatcher, domainOf, type DispatcherOptions, type DispatcherCounters, type RelaySettings } from './dispatcher.ts';
export { createDispatcher } from './setup.ts';
export { DEAD_SITE_MS } from './pool.ts';
export type { SendRequest, AttemptResult, SiteStatus, SiteCounters } from './types.ts';
