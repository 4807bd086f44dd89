import { HUB_ROLES, type HubRole } from '../../../shared/domain/hub-workflow.js';
import { ConsoleAuthError } from '../../hub/console/accounts.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { readSecret } from '../secret-input.js';
import { DB_HELP, withHubStore } from './hub-common.js';

export const hubUserAddCommand: Command = {
  name: 'hub user',
  summary: "add a hub console account (the kabupaten's first admin, or an agency's officer, verifier or head)",
  usage: `anjungan hub user add --db TARGET --username U --role admin|officer|verifier|head [--agency ID]

  ${DB_HELP}
  --username U   3 to 40 lower-case letters, digits, ".", "_" or "-"
  --role R       ${HUB_ROLES.join(', ')} (admin: every agency, the catalogue, devices and users)
  --agency ID    the agency (OPD) id of the catalogue; required for officer, verifier and head

The password is asked at a prompt that does not echo, or read as the first line of stdin
(e.g. printf '%s\\n' "$PASSWORD" | anjungan hub user add ...); never give it as a flag.
Prints "added U (ROLE)" or "added U (ROLE, AGENCY)".`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { db: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' }, agency: { type: 'string' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== 'add') throw new UsageError('expected: hub user add --username U --role R');
    if (!values.username) throw new UsageError('--username is required');
    if (!values.role) throw new UsageError('--role is required');
    if (!(HUB_ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${HUB_ROLES.join(', ')}, got "${values.role}"`);
    const role = values.role as HubRole;
    if (role !== 'admin' && !values.agency) throw new UsageError(`a ${role} belongs to an agency: give --agency ID`);
    const password = await readSecret(`Password for ${values.username}: `);
    return withHubStore(values.db, async (store) => {
      try {
        const u = await store.console.accounts.addUser(values.username!, role, values.agency ?? null, password, 'cli');
        process.stdout.write(`added ${u.username} (${u.agencyId ? `${u.role}, ${u.agencyId}` : u.role})\n`);
        return 0;
      } catch (err) {
        if (err instanceof ConsoleAuthError) {
          process.stderr.write(`anjungan hub user add: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    });
  },
};
