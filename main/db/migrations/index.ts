import type { Migration } from '../migration.js';
import { migration0010 } from './0010-initial.js';

/** Every migration, in order. Append only; a test checks the numbers rise in tens. */
export const MIGRATIONS: readonly Migration[] = [migration0010];
