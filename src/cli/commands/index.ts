// The subcommands, one file each. Add a command by writing commands/NAME.ts exporting
// `register(program)` and listing it here.
import type { Command } from 'commander';
import { register as config } from './config.ts';
import { register as address } from './address.ts';
import { register as bounce } from './bounce.ts';
import { register as serve } from './serve.ts';
import { register as worker } from './worker.ts';
import { register as migrate } from './migrate.ts';
import { register as tenant } from './tenant.ts';
import { register as doctor } from './doctor.ts';
import { register as compose } from './compose.ts';
import { register as dkim } from './dkim.ts';
import { register as domain } from './domain.ts';
import { register as apikey } from './apikey.ts';
import { register as importCmd } from './import.ts';
import { register as smtpCredential } from './smtp-credential.ts';
import { register as campaign } from './campaign.ts';
import { register as guard } from './guard.ts';
import { register as user } from './user.ts';

export function registerCommands(program: Command): void {
  serve(program);
  worker(program);
  migrate(program);
  tenant(program);
  doctor(program);
  config(program);
  address(program);
  bounce(program);
  compose(program);
  dkim(program);
  domain(program);
  apikey(program);
  importCmd(program);
  smtpCredential(program);
  campaign(program);
  guard(program); // after campaign: adds `campaign hygiene|resume`
  user(program);
}
