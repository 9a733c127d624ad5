// Public pages members see (unsubscribe, preferences, privacy): the plugin buildServer registers.
export { publicRoutes, PUBLIC_CSP, type PublicRoutesOptions } from './routes.ts';
