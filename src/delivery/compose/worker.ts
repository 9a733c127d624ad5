// The compose worker: keeps loaded campaigns and imported DKIM keys, renders batches and sends
// them back as one transferred buffer (no per-message copy across threads).
import { parentPort } from 'node:worker_threads';
import { isFacteurError } from '../../core/errors.ts';
import { DkimSigner } from '../dkim/sign.ts';
import { renderMessage, type CompiledCampaign } from './message.ts';
import type { WorkerReply, WorkerRequest } from './pool.ts';

const campaigns = new Map<number, { campaign: CompiledCampaign; signers: DkimSigner[] }>();

parentPort?.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'load') {
    campaigns.set(msg.id, { campaign: msg.campaign, signers: msg.signing.map((s) => new DkimSigner(s)) });
    return;
  }
  if (msg.type === 'unload') {
    campaigns.delete(msg.id);
    return;
  }
  const loaded = campaigns.get(msg.id);
  if (!loaded) {
    parentPort!.postMessage({ seq: msg.seq, fatal: `campaign ${msg.id} is not loaded` } satisfies WorkerReply);
    return;
  }
  const parts: Buffer[] = [];
  const errors: Extract<WorkerReply, { errors: unknown }>['errors'] = [];
  for (const job of msg.jobs) {
    try {
      parts.push(renderMessage(loaded.campaign, job, loaded.signers, msg.now));
      errors.push(null);
    } catch (e) {
      parts.push(Buffer.alloc(0));
      errors.push(isFacteurError(e) ? { message: e.message, code: e.code, ...(e.details ? { details: e.details } : {}) } : { message: String((e as Error)?.message ?? e) });
    }
  }
  const all = Buffer.concat(parts);
  // Buffer.concat may return a slice of a shared pool; copy into an ArrayBuffer we can transfer.
  const ab = new ArrayBuffer(all.length);
  new Uint8Array(ab).set(all);
  parentPort!.postMessage({ seq: msg.seq, buf: ab, lengths: parts.map((p) => p.length), errors } satisfies WorkerReply, [ab]);
});
