import { resolve } from 'node:path';
import { ROLES, type Role } from '../../../shared/api/access.js';
import { Username } from '../../../shared/api/calls/auth.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { Accounts } from '../../core/auth/accounts.js';
import { openStore } from '../../db/store.js';
import { defaultDataDir } from '../../paths.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { readSecret } from '../secret-input.js';

export const userAddCommand: Command = {
  name: 'user add',
  summary: 'add a local desk account (the first admin, or any role)',
  usage: `anjungan user add --data DIR --username U --role operator|verifier|signatory|admin [--name "Full Name"]

  --data DIR     the device's data folder (default: ${defaultDataDir()}, or $ANJUNGAN_DATA)
  --username U   3 to 40 letters, digits, ".", "_" or "-"
  --role R       ${ROLES.join(', ')}
  --name N       the name shown on screen and on letters (default: the username)

The password is asked at a prompt that does not echo, or read as the first line of stdin
(e.g. printf '%s\\n' "$PASSWORD" | anjungan user add ...); never give it as a flag.
Prints "added U (ROLE)". Works while Anjungan runs (the store allows one writer at a time).`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.username) throw new UsageError('--username is required');
    if (!values.role) throw new UsageError('--role is required');
    if (!(ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${values.role}"`);
    const username = Username.safeParse(values.username);
    if (!username.success) throw new UsageError(`--username: ${username.error.issues[0]?.message ?? 'not valid'}`);
    const password = await readSecret(`Password for ${username.data}: `);
    const store = openStore(resolve(values.data ?? defaultDataDir()));
    try {
      const accounts = new Accounts(store, () => new Date());
      const u = await accounts.add({ username: username.data, name: values.name?.trim() || username.data, role: values.role as Role, password }, 'cli');
      process.stdout.write(`added ${u.username} (${u.role})\n`);
      return 0;
    } catch (err) {
      if (err instanceof ApiFailure && (err.code === 'invalid_request' || err.code === 'conflict')) {
        process.stderr.write(`anjungan user add: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      store.close();
    }
  },
};
