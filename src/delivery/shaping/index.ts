// Public API of delivery/shaping: rules loaded from rules/shaping.toml and the live per-site state.
export {
  loadShapingRules,
  shapingFromToml,
  mergeShaping,
  parseDuration,
  parseRate,
  providerForHosts,
  limitsFor,
  matchAdaptive,
  ShapingError,
  BUILTIN_SHAPING_FILE,
  type Rate,
  type ShapingLimits,
  type Provider,
  type AdaptiveAction,
  type AdaptiveRule,
  type ShapingRules,
  type ReplyLike,
} from './rules.ts';
export { SiteShaping, type SiteShapingStatus } from './state.ts';
