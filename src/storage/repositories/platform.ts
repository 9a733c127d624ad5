// Platform settings: key/value rows shared by all nodes (e.g. the HMAC secret generated on
// first start, so several nodes on one PostgreSQL sign and verify tokens alike).
import type { RepoContext } from './common.ts';

export class PlatformRepository {
  constructor(private readonly ctx: RepoContext) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.ctx.db.selectFrom('platform_settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  /** Returns the stored value, writing `make()` first if the key is absent (first writer wins across nodes). */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== undefined) return existing;
    await this.ctx.db
      .insertInto('platform_settings')
      .values({ key, value: make(), updated_at: this.ctx.clock.now() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.get(key))!;
  }
}
