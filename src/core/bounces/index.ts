// Public API of bounce knowledge: the reason vocabulary, the classifier and its rules loader.
export { REASONS, isReason, isSenderReputationProblem, isAddressLevelHard, type Reason } from './reasons.ts';
export { classifyReply, reasonFromText, reasonFromProvider, isHard, isPermanent, normaliseText, type ReplyInput, type Classification } from './classify.ts';
export { loadBounceRules, defaultRules, DEFAULT_RULES_FILE, type BounceRules } from './rules.ts';
