// facteur user reset-password: a new password for an admin-interface account, from the shell.
// For platform operators (who have no association to receive a reset mail from) and for anyone
// locked out; the password is printed once, and every open session of the account ends.
import type { Command } from 'commander';
import { stdio } from '../context.ts';
import { withRuntime, findTenant } from '../runtime.ts';
import { FacteurError } from '../../core/errors.ts';
import { hashPassword } from '../../core/auth/password.ts';
import { randomToken } from '../../lib/ids.ts';
import { AdminSessionRepository } from '../../storage/repositories/admin-sessions.ts';

export function register(program: Command): void {
  const user = program.command('user').description('Accounts of the admin interface (operators and association teams)');

  user
    .command('reset-password')
    .description('Give an account a new random password (printed once) and end its sessions')
    .requiredOption('--email <address>', 'the e-mail address the account signs in with')
    .option('--tenant <tenant>', 'slug or id of its association; omit for a platform operator')
    .action(async (opts: { email: string; tenant?: string }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const tenant = opts.tenant === undefined ? undefined : await findTenant(rt, opts.tenant);
        const account = await rt.storage.repos.users.findByEmail(tenant ? tenant.id : null, opts.email.trim());
        if (!account) {
          throw new FacteurError('ERR_NOT_FOUND', `no account ${opts.email.trim()} ${tenant ? `in ${tenant.slug}` : 'among the operators'}`, {
            hint: tenant ? 'check the address on the team page of the association' : 'pass --tenant SLUG for a member of an association',
          });
        }
        const password = randomToken(18);
        await rt.storage.repos.users.setPassword(account.id, await hashPassword(password));
        const ended = await new AdminSessionRepository({ db: rt.storage.db, dialect: rt.storage.dialect, clock: rt.storage.clock }).deleteForUser(account.id);
        stdio.out(password);
        stdio.err(`new password set for ${account.email}${tenant ? ` (${tenant.slug})` : ' (operator)'}; ${ended} session(s) ended. Store it now, it will not be shown again.`);
      });
    });
}
