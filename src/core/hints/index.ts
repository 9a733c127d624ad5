// Public API of content hints: the pure check and its rules (rules/hints.toml).
export { contentHints } from './hints.ts';
export type { Hint, HintCode, HintInput } from './hints.ts';
export { loadHintRules, hintRulesFromToml, DEFAULT_HINTS_FILE } from './rules.ts';
export type { HintRules } from './rules.ts';
