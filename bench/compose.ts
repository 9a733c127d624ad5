// Benchmark: compose + DKIM-sign a personalised ~10 KB newsletter. Prints µs/message on the main
// thread (sync renderMessage) and through ComposePool, for rsa-sha256 (2048) and ed25519-sha256.
// Run: node --import tsx bench/compose.ts [messages]
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { compileCampaign, renderMessage, ComposePool, type RecipientInput } from '../src/delivery/compose/index.ts';
import { DkimSigner, generateDkimKey } from '../src/delivery/dkim/index.ts';

const N = Number(process.argv[2] ?? 4000);
const para = 'La **bourse aux vélos** de l’atelier revient samedi {{ date_bourse | default: "prochain" }} : venez vendre, acheter ou faire réviser votre vélo. Les bénévoles seront là dès 9 h pour vous accueillir, {{ first_name | default: "ami·e" }}. [Programme complet](https://asso.example/bourse)\n\n';
const markdown = '# Bonjour {{ first_name | default: "ami·e" }} !\n\n' + para.repeat(10) + '- atelier réparation\n- troc de pièces\n- goûter partagé\n';
const campaign = compileCampaign({
  tenant: { name: 'Atelier Vélo Solidaire', accentColor: '#c0392b', postalAddress: '12 rue des Lilas\n69001 Lyon' },
  from: { address: 'nouvelles@asso.example', name: 'Atelier Vélo Solidaire' },
  subject: '{{ first_name | default: "Bonjour" }}, la bourse aux vélos arrive 🚲',
  markdown,
  fields: ['first_name', 'date_bourse'],
  list: { id: 'nouvelles.asso.example', name: 'Nouvelles' },
  feedbackId: 'c42:t7:facteur',
});
const jobs: RecipientInput[] = Array.from({ length: N }, (_, i) => ({
  to: { address: `membre${i}@example.org`, name: `Membre Numéro ${i}` },
  fields: { first_name: i % 3 ? `Élodie ${i}` : null, date_bourse: '14 juin' },
  unsubscribeUrl: `https://facteur.example/u/7-${i.toString(36)}-1-abcdefghijklmnopqrstuvwxyz`,
  unsubscribeMailto: `unsubscribe+7-${i.toString(36)}@bounces.facteur.example`,
}));

const rsa = generateDkimKey('rsa').privateKeyPem;
const ed = generateDkimKey('ed25519').privateKeyPem;
const setups: [string, { domain: string; selector: string; privateKey: string }[]][] = [
  ['unsigned', []],
  ['ed25519', [{ domain: 'asso.example', selector: 's2', privateKey: ed }]],
  ['rsa-2048', [{ domain: 'asso.example', selector: 's1', privateKey: rsa }]],
  ['rsa+ed25519', [{ domain: 'asso.example', selector: 's1', privateKey: rsa }, { domain: 'asso.example', selector: 's2', privateKey: ed }]],
];

const size = renderMessage(campaign, jobs[0]!).length;
console.log(`message size ${(size / 1024).toFixed(1)} KB, ${N} messages, ${availableParallelism()} cores`);
for (const [name, spec] of setups) {
  const signers = spec.map((s) => new DkimSigner(s));
  for (let i = 0; i < 200; i++) renderMessage(campaign, jobs[i % N]!, signers); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const j of jobs) renderMessage(campaign, j, signers);
  const wall = ((performance.now() - t0) * 1000) / N;
  const cpu = process.cpuUsage(cpu0);
  const cpuPer = (cpu.user + cpu.system) / N;

  const pool = new ComposePool();
  const id = pool.load(campaign, spec);
  await pool.render(id, jobs.slice(0, 256));
  const p0 = performance.now();
  const out = await pool.render(id, jobs);
  const poolWall = ((performance.now() - p0) * 1000) / N;
  await pool.close();
  if (out.length !== N) throw new Error('pool lost messages');
  console.log(`${name.padEnd(12)} sync: ${wall.toFixed(1).padStart(7)} µs/msg wall, ${cpuPer.toFixed(1).padStart(7)} µs/msg CPU | pool(${availableParallelism()}): ${poolWall.toFixed(1).padStart(7)} µs/msg wall`);
}
