import type { Migration } from '../migration.js';
import { migration0010 } from './0010-initial.js';
import { migration0020 } from './0020-print-queue.js';
import { migration0030 } from './0030-sync.js';
import { migration0040 } from './0040-kiosk.js';
import { migration0050 } from './0050-request-model.js';
import { migration0060 } from './0060-accounts-audit.js';
import { migration0070 } from './0070-desa-workflow.js';
import { migration0080 } from './0080-search-index.js';
import { migration0090 } from './0090-letters.js';
import { migration0130 } from './0130-report-tallies.js';
import { migration0140 } from './0140-queue.js';
import { migration0150 } from './0150-survey-tallies.js';
import { migration0220 } from './0220-relay-ack.js';
import { migration0200 } from './0200-privacy.js';
import { migration0210 } from './0210-report-months.js';
import { migration0240 } from './0240-report-tally-months.js';
import { migration0250 } from './0250-report-rw-tally.js';
import { migration0260 } from './0260-status-tally.js';
import { migration0270 } from './0270-ack-tallies.js';

/** Every migration, in order. Append only; a test checks the numbers rise in tens. */
export const MIGRATIONS: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070, migration0080, migration0090, migration0130, migration0140, migration0150, migration0200, migration0210, migration0220, migration0240, migration0250, migration0260, migration0270];
