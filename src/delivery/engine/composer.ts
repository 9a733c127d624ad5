// Turns a message row into per-recipient signed MIME: compiles a template once per message and
// renders it on worker threads (ComposePool) or inline. Keeps a small cache of loaded messages.
import { ComposePool, compileCampaign, renderMessage, type RenderJob, type PoolSigning } from '../compose/index.ts';
import { DkimSigner, signMessage } from '../dkim/index.ts';
import { FacteurError } from '../../core/errors.ts';
import type { MessageContent } from '../queue/index.ts';

interface Loaded {
  content: MessageContent;
  handle?: number;
  compiled?: ReturnType<typeof compileCampaign>;
  signers: DkimSigner[];
  usedAt: number;
}

export class Composer {
  private readonly pool: ComposePool | undefined;
  private readonly cache = new Map<number, Loaded>();

  constructor(workers: number, private readonly maxCached = 64) {
    this.pool = workers > 0 ? new ComposePool({ size: workers }) : undefined;
  }

  /** Loads a message's content once; later calls reuse it. */
  prepare(messageId: number, content: MessageContent, signing: PoolSigning[]): void {
    const hit = this.cache.get(messageId);
    if (hit) {
      hit.usedAt = Date.now();
      return;
    }
    const signers = signing.map((s) => new DkimSigner(s));
    const entry: Loaded = { content, signers, usedAt: Date.now() };
    if (content.kind === 'template') {
      entry.compiled = compileCampaign(content.input);
      if (this.pool) entry.handle = this.pool.load(entry.compiled, signing);
    }
    this.cache.set(messageId, entry);
    this.evict();
  }

  /** One signed message per job, or the error for that job. */
  async render(messageId: number, jobs: RenderJob[], now: number): Promise<(Buffer | FacteurError)[]> {
    const entry = this.cache.get(messageId);
    if (!entry) throw new Error(`message ${messageId} was not prepared`);
    if (entry.content.kind === 'raw') {
      const signed = Buffer.from(signMessage(entry.content.mime, entry.signers, Math.floor(now / 1000)), 'latin1');
      return jobs.map(() => signed);
    }
    if (this.pool && entry.handle !== undefined) return this.pool.renderSettled(entry.handle, jobs, now);
    return jobs.map((job) => {
      try {
        return renderMessage(entry.compiled!, job, entry.signers, now);
      } catch (e) {
        return e instanceof FacteurError ? e : new FacteurError('ERR_INTERNAL', (e as Error).message);
      }
    });
  }

  private evict(): void {
    while (this.cache.size > this.maxCached) {
      let oldest: [number, Loaded] | undefined;
      for (const e of this.cache) if (!oldest || e[1].usedAt < oldest[1].usedAt) oldest = e;
      if (!oldest) return;
      if (oldest[1].handle !== undefined) this.pool?.unload(oldest[1].handle);
      this.cache.delete(oldest[0]);
    }
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
