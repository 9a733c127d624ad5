// Public API of delivery/routing: recipient domain → site, hosts, shaping block and transport.
export { SiteResolver, normalizeDomain, type SiteResolution, type SiteHost, type SiteResolverOptions } from './resolve.ts';
export { parseRoutes, type RouteTarget, type Routes } from './routes.ts';
