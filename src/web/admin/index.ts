// Admin interface of a tenant (sign-in, dashboard, campaign reports): the plugin buildServer registers.
export { adminRoutes, ADMIN_CSP, SESSION_COOKIE, type AdminRoutesOptions } from './routes.ts';
