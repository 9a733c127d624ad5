// Durable acceptance of submitted messages with group commit: messages that arrive while a
// transaction is being written wait for the next one, and all of them are committed together.
// Each caller's promise resolves only once its rows are committed — the SMTP `250` is sent after
// that — so nothing acknowledged lives only in memory, while a disk that does ~1 fsync per
// millisecond can still acknowledge thousands of messages per second. Rows are the same as
// delivery/queue's enqueueMessage writes (kind `submission`, one delivery and one `accepted`
// event per recipient), through the same repositories.
import type { Storage } from '../storage/index.ts';
import type { MessageContent } from '../delivery/queue/index.ts';

export interface Submission {
  tenantId: number;
  subject: string;
  fromAddress: string;
  /** One message per copy: copies differ only when list headers are per recipient. */
  copies: { mime: string; recipients: { address: string; contactId: number | null }[] }[];
}

export interface Accepted {
  messageIds: number[];
  deliveryIds: number[];
}

interface Pending {
  item: Submission;
  resolve: (a: Accepted) => void;
  reject: (e: unknown) => void;
}

export class SubmissionQueue {
  private pending: Pending[] = [];
  private writing = false;

  constructor(
    private readonly storage: Storage,
    /** Messages committed in one transaction at most. */
    private readonly maxBatch = 200,
  ) {}

  accept(item: Submission): Promise<Accepted> {
    return new Promise<Accepted>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        // SQLite commits block the event loop (better-sqlite3 is synchronous, FULL fsyncs): let the
        // I/O callbacks that are ready run first, so the messages that arrived meanwhile join this batch.
        await new Promise<void>((r) => setImmediate(r));
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const results = await this.write(batch.map((p) => p.item));
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (e) {
          // One bad message must not fail the others: retry them one transaction each.
          if (batch.length === 1) batch[0]!.reject(e);
          else for (const p of batch) await this.write([p.item]).then((r) => p.resolve(r[0]!), p.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private write(items: Submission[]): Promise<Accepted[]> {
    return this.storage.transaction(async (r) => {
      const out: Accepted[] = [];
      for (const item of items) {
        const accepted: Accepted = { messageIds: [], deliveryIds: [] };
        for (const copy of item.copies) {
          const content: MessageContent = { kind: 'raw', mime: copy.mime };
          const message = await r.messages.create(item.tenantId, { kind: 'submission', subject: item.subject, fromAddress: item.fromAddress, body: JSON.stringify(content) });
          const ids = await r.deliveries.insertMany(
            item.tenantId,
            copy.recipients.map((x) => ({ messageId: message.id, recipient: x.address, contactId: x.contactId })),
          );
          await r.events.append(
            item.tenantId,
            ids.map((id) => ({ type: 'accepted' as const, deliveryId: id, messageId: message.id, data: { source: 'smtp' } })),
          );
          accepted.messageIds.push(message.id);
          accepted.deliveryIds.push(...ids);
        }
        out.push(accepted);
      }
      return out;
    });
  }
}
