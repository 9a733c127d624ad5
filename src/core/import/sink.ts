// The import sink over the repositories: one transaction per batch (contacts upserted, then
// subscribed to the list), or read-only lookups for a dry run. Typed structurally so that core
// does not depend on storage; Storage satisfies TransactionalAudience.
import type { ContactInput } from '../../storage/index.ts';
import type { ImportSink } from './importer.ts';

interface AudienceWriter {
  upsertMany(tenantId: number, inputs: ContactInput[], options?: { keepConsent?: boolean }): Promise<{ created: number; updated: number; unchanged?: number; ids: number[] }>;
  addMembers(tenantId: number, listId: number, contactIds: number[]): Promise<number>;
  existing(tenantId: number, addresses: string[]): Promise<Map<string, unknown>>;
}

export interface TransactionalAudience {
  repos: { audience: AudienceWriter };
  transaction<T>(fn: (repos: { audience: AudienceWriter }) => Promise<T>): Promise<T>;
}

/** listId null: contacts only, subscribed to no list. */
export function audienceSink(storage: TransactionalAudience, tenantId: number, listId: number | null, options: { dryRun?: boolean; consentSource?: string } = {}): ImportSink {
  const consentSource = options.consentSource ?? 'import';
  return {
    async write(rows) {
      if (options.dryRun) {
        const found = await storage.repos.audience.existing(
          tenantId,
          rows.map((r) => r.addressNormalized),
        );
        return { created: rows.length - found.size, updated: found.size };
      }
      return storage.transaction(async (repos) => {
        const inputs: ContactInput[] = rows.map((r) => ({ address: r.address, addressNormalized: r.addressNormalized, name: r.name, fields: r.fields, consentSource }));
        const result = await repos.audience.upsertMany(tenantId, inputs, { keepConsent: true });
        if (listId !== null) await repos.audience.addMembers(tenantId, listId, result.ids);
        return result;
      });
    },
  };
}
