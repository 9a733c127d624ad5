// Public API of delivery/engine: the loop that turns queued deliveries into SMTP attempts.
export { DeliveryEngine, type EngineOptions, type EngineStats } from './engine.ts';
export { decide, type Failure, type Decision } from './outcomes.ts';
export { Composer } from './composer.ts';
