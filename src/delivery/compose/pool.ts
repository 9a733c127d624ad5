// Compose + DKIM-sign on worker threads. RSA-2048 signing costs about a millisecond, so the main
// thread hands batches of recipients to a pool (one worker per core by default); a compiled
// campaign and its keys are sent to each worker once, then only recipient data crosses threads.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { KeyObject } from 'node:crypto';
import { FacteurError, type ErrorCode } from '../../core/errors.ts';
import type { DkimSignerOptions } from '../dkim/sign.ts';
import type { CompiledCampaign, RecipientInput } from './message.ts';

/** Signer options with the key as PEM or KeyObject (both can cross to a worker). */
export type PoolSigning = Omit<DkimSignerOptions, 'privateKey'> & { privateKey: string | KeyObject };
export type RenderJob = RecipientInput;

export type WorkerRequest =
  | { type: 'load'; id: number; campaign: CompiledCampaign; signing: PoolSigning[] }
  | { type: 'unload'; id: number }
  | { type: 'render'; seq: number; id: number; jobs: RenderJob[]; now: number };

export type WorkerReply =
  | { seq: number; buf: ArrayBuffer; lengths: number[]; errors: ({ message: string; code?: string; details?: Record<string, unknown> } | null)[] }
  | { seq: number; fatal: string };

interface Slot {
  worker: Worker;
  pending: number;
}

export interface PoolOptions {
  size?: number;
  /** Recipients per message to a worker: large enough to amortise postMessage, small enough to balance. */
  batchSize?: number;
}

function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  // Running from source under tsx (tests, bench): workers do not inherit the loader, so a tiny
  // bootstrap registers tsx in the worker before importing worker.ts.
  const url = new URL('./worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`, { eval: true });
}

export class ComposePool {
  private readonly workers: Slot[];
  private readonly batchSize: number;
  private seq = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void; slot: Slot }>();

  constructor(opts: PoolOptions = {}) {
    const size = Math.max(1, opts.size ?? availableParallelism());
    this.batchSize = Math.max(1, opts.batchSize ?? 64);
    this.workers = Array.from({ length: size }, () => {
      const slot: Slot = { worker: spawnWorker(), pending: 0 };
      slot.worker.on('message', (r: WorkerReply) => this.settle(r));
      slot.worker.on('error', (e) => this.failAll(slot, e));
      slot.worker.unref();
      return slot;
    });
  }

  private settle(r: WorkerReply): void {
    const w = this.waiting.get(r.seq);
    if (!w) return;
    this.waiting.delete(r.seq);
    w.slot.pending--;
    if (this.waiting.size === 0) for (const s of this.workers) s.worker.unref();
    w.resolve(r);
  }

  private failAll(slot: Slot, e: Error): void {
    for (const [seq, w] of this.waiting) {
      if (w.slot !== slot) continue;
      this.waiting.delete(seq);
      w.reject(e);
    }
  }

  private request(slot: Slot, msg: WorkerRequest & { seq: number }): Promise<WorkerReply> {
    slot.pending++;
    slot.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(msg.seq, { resolve, reject, slot });
      slot.worker.postMessage(msg);
    });
  }

  /** Sends a compiled campaign and its signing keys to every worker; returns its handle. */
  load(campaign: CompiledCampaign, signing: PoolSigning[] = []): number {
    const id = this.nextId++;
    for (const s of this.workers) s.worker.postMessage({ type: 'load', id, campaign, signing } satisfies WorkerRequest);
    return id;
  }

  unload(id: number): void {
    for (const s of this.workers) s.worker.postMessage({ type: 'unload', id } satisfies WorkerRequest);
  }

  /** One message per job (same order), or the error of that job: one bad contact does not sink a batch. */
  async renderSettled(id: number, jobs: readonly RenderJob[], now = Date.now()): Promise<(Buffer | FacteurError)[]> {
    const batches: Promise<(Buffer | FacteurError)[]>[] = [];
    for (let i = 0; i < jobs.length; i += this.batchSize) {
      const slot = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a));
      const seq = ++this.seq;
      batches.push(
        this.request(slot, { type: 'render', seq, id, jobs: jobs.slice(i, i + this.batchSize), now }).then((r) => {
          if ('fatal' in r) throw new Error(`compose worker: ${r.fatal}`);
          const buf = Buffer.from(r.buf);
          let off = 0;
          return r.lengths.map((len, k) => {
            const err = r.errors[k];
            const start = off;
            off += len;
            if (err) return new FacteurError((err.code ?? 'ERR_INTERNAL') as ErrorCode, err.message, err.details ? { details: err.details } : {});
            return buf.subarray(start, start + len);
          });
        }),
      );
    }
    return (await Promise.all(batches)).flat();
  }

  /** Like renderSettled, but rejects with the first job's error. */
  async render(id: number, jobs: readonly RenderJob[], now = Date.now()): Promise<Buffer[]> {
    const out = await this.renderSettled(id, jobs, now);
    const err = out.find((x): x is FacteurError => x instanceof Error);
    if (err) throw err;
    return out as Buffer[];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((s) => s.worker.terminate()));
  }
}
