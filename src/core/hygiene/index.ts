// Public API of the pre-send hygiene report (what the API and `facteur campaign hygiene` call).
export { hygieneReport, isRoleAccount } from './report.ts';
export type { HygieneReport, HygieneSource, HygieneOptions } from './report.ts';
