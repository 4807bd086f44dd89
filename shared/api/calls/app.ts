import { z } from 'zod';
import { call } from '../define.js';
import type { DeviceRole } from '../../domain/settings.js';
import type { OfficeName } from '../../domain/wilayah.js';

export interface StoreHealth {
  ok: boolean;
  /** Schema version of the open database (PRAGMA user_version). */
  schemaVersion: number;
  submissions: number;
  /** Set when something is wrong or near it: what, in English (logs, the doctor). */
  problem: string | null;
  /** The same as a code the screen words in Bahasa Indonesia. */
  problemCode: 'damaged' | 'disk_full' | 'disk_low' | 'read_only' | null;
  freeBytes: number | null;
}

export interface AppInfo {
  name: 'Anjungan';
  version: string;
  deviceId: string;
  role: DeviceRole;
  office: OfficeName;
  /** 'electron' when running in the desktop shell, 'host' when served to a browser. */
  shell: 'electron' | 'host';
  startedAt: string;
}

export interface Health {
  store: StoreHealth;
  uptimeSeconds: number;
}

const Empty = z.object({}).strict();

export const appCalls = {
  'app:info': call<AppInfo>()(['open'], Empty),
  'app:health': call<Health>()(['open'], Empty),
};
