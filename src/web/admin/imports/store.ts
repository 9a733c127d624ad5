// Uploaded CSV files between the steps of an import (upload → preview and mapping → report). Each
// upload is a file with a random name in a private temporary directory, plus a small JSON record
// binding it to the tenant and the session that sent it. The CSV is deleted once imported; the
// record (and the report with the refused rows) within an hour, like any upload left behind.
// Names come only from our own random tokens: nothing the user sends is used as a path.
import { constants } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportReport } from '../../../core/import/index.ts';
import { newToken } from '../security.ts';

/** An upload (and its report) is kept this long. */
export const UPLOAD_TTL_MS = 3600_000;
/** Our tokens: 256 random bits, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface UploadRecord {
  tenantId: number;
  sessionId: number;
  /** As the browser named it, for display. */
  filename: string;
  bytes: number;
  /** The list chosen at upload; null: contacts only. */
  listId: number | null;
  createdAt: number;
  /** Set once imported (the CSV itself is gone then). */
  report?: StoredReport;
}

export interface StoredReport extends ImportReport {
  listId: number | null;
  listName: string | null;
  finishedAt: number;
}

export interface Owner {
  tenantId: number;
  sessionId: number;
}

export class UploadStore {
  private constructor(readonly dir: string) {}

  /** A private directory under the system's temporary directory (mode 700, ours, not a link). */
  static async open(base = tmpdir()): Promise<UploadStore> {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = join(base, `facteur-imports-${uid ?? 'user'}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const s = await lstat(dir);
    const ours = s.isDirectory() && !s.isSymbolicLink() && (uid === undefined || s.uid === uid) && (s.mode & 0o077) === 0;
    return new UploadStore(ours ? dir : await mkdtemp(join(base, 'facteur-imports-')));
  }

  csvPath(token: string): string {
    return join(this.dir, `${token}.csv`);
  }

  private recordPath(token: string): string {
    return join(this.dir, `${token}.json`);
  }

  /** A new upload: its token and the file to write it to (created, private, never an existing one). */
  async create(): Promise<{ token: string; file: FileHandle }> {
    const token = newToken();
    const file = await open(this.csvPath(token), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    return { token, file };
  }

  async save(token: string, record: UploadRecord): Promise<void> {
    await writeFile(this.recordPath(token), JSON.stringify(record), { mode: 0o600 });
  }

  /**
   * The record of `token` if it belongs to this tenant and session and is less than an hour old;
   * undefined otherwise (an expired one is deleted).
   */
  async get(token: string, owner: Owner, now: number): Promise<UploadRecord | undefined> {
    if (!TOKEN.test(token)) return undefined;
    let record: UploadRecord;
    try {
      record = JSON.parse(await readFile(this.recordPath(token), 'utf8')) as UploadRecord;
    } catch {
      return undefined;
    }
    if (record.tenantId !== owner.tenantId || record.sessionId !== owner.sessionId) return undefined;
    if (now - record.createdAt >= UPLOAD_TTL_MS || now < record.createdAt - UPLOAD_TTL_MS) {
      await this.remove(token);
      return undefined;
    }
    return record;
  }

  /** Deletes the CSV (after the import); the record and its report stay until they expire. */
  async removeCsv(token: string): Promise<void> {
    if (TOKEN.test(token)) await rm(this.csvPath(token), { force: true });
  }

  async remove(token: string): Promise<void> {
    if (!TOKEN.test(token)) return;
    await rm(this.csvPath(token), { force: true });
    await rm(this.recordPath(token), { force: true });
  }

  /** Deletes what is older than the lifetime of an upload (files of any process using this directory). */
  async sweep(nowMs = Date.now()): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!/^[A-Za-z0-9_-]{43}\.(csv|json)$/.test(name)) continue;
      try {
        const s = await stat(join(this.dir, name));
        if (nowMs - s.mtimeMs >= UPLOAD_TTL_MS) await rm(join(this.dir, name), { force: true });
      } catch {
        // gone meanwhile
      }
    }
  }
}
