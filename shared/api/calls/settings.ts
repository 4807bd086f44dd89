import { z } from 'zod';
import { call } from '../define.js';
import { SettingsPatch, type Settings } from '../../domain/settings.js';

export const settingsCalls = {
  'settings:get': call<Settings>()(['open'], z.object({}).strict()),
  /** Partial update; unknown keys are refused so a typo never silently does nothing. */
  'settings:update': call<Settings>()(['settings.manage'], SettingsPatch),
};
