// CSV import benchmark: a 100,000-row Windows-1252, ;-separated member export (accents, quoted
// multi-line cells, 2 % invalid addresses, 1 % duplicates) generated on the fly to a temporary
// file, imported into a fresh SQLite database. Prints seconds and peak RSS.
// Run: node --import tsx bench/import.ts [rows]
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { Storage } from '../src/storage/index.ts';
import { runImport, audienceSink } from '../src/core/import/index.ts';

const rows = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'facteur-bench-import-'));
const file = join(dir, 'adherents.csv');

const CITIES = ['Lyon', 'Saint-Étienne', 'Besançon', 'Orléans', 'Pézenas', 'Nîmes'];
const out = createWriteStream(file);
const write = async (s: string) => {
  if (!out.write(iconv.encode(s, 'win1252'))) await once(out, 'drain');
};
await write('Numéro;Nom & prénom;Adresse E-Mail;Code postal;Ville;Téléphone;Notes\r\n');
for (let i = 1; i <= rows; i++) {
  const n = i % 100 === 3 ? i - 1 : i; // 1 % repeat the previous address
  const email = i % 50 === 0 ? `membre${n}@@exemple.fr` : `membre${n}@exemple${n % 7}.fr`;
  const notes = i % 10 === 0 ? '"Bénévole\r\natelier ""réparation"""' : '';
  await write(`${i};Adhérent·e ${i} Élégant;${email};${String(10000 + (i % 90000)).padStart(5, '0')};${CITIES[i % CITIES.length]};06${String(i).padStart(8, '0')};${notes}\r\n`);
}
out.end();
await once(out, 'finish');

const storage = await Storage.open({ dialect: 'sqlite', path: join(dir, 'facteur.db') });
await storage.migrate();
const tenant = await storage.repos.tenants.create({ slug: 'bench', name: 'Bench' });
const list = await storage.repos.lists.create(tenant.id, { slug: 'adherents', name: 'Adhérents' });

// Peak RSS during the import itself (the generator above is not what we measure).
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
const started = process.hrtime.bigint();
const report = await runImport(createReadStream(file), audienceSink(storage, tenant.id, list.id));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
const members = await storage.repos.lists.countMembers(tenant.id, list.id);
await storage.close();

console.log(
  JSON.stringify({
    rows,
    file_mb: +(statSync(file).size / 1024 / 1024).toFixed(1),
    encoding: report.encoding,
    imported: report.imported,
    duplicates: report.duplicates,
    rejected: report.rejected,
    members,
    seconds: +seconds.toFixed(2),
    rows_per_second: Math.round(rows / seconds),
    rss_before_mb: Math.round(rssBefore / 1024 / 1024),
    peak_rss_mb: Math.round(rssPeak / 1024 / 1024),
  }),
);
rmSync(dir, { recursive: true, force: true });
