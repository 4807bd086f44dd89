import { checkDeviceConfig } from '../devices/device-manager.js';
import type { CoreOptions } from './core.js';

export interface RuntimeFlags {
  reader?: string | undefined;
  printer?: string | undefined;
  upstream?: string | undefined;
  noHub?: boolean | undefined;
}

/**
 * Devices and sync from command-line flags, with the built-in defaults both shells share
 * (`anjungan start` and the Electron app): simulated reader and printer, an embedded local hub.
 * Throws a plain English error on a bad device string.
 */
export function runtimeOptions(flags: RuntimeFlags): Pick<CoreOptions, 'devices' | 'sync'> {
  const devices = { reader: flags.reader ?? 'sim', printer: flags.printer ?? 'sim' };
  checkDeviceConfig(devices);
  const sync = { upstream: flags.upstream ?? null, embeddedHub: !flags.noHub && !flags.upstream };
  return { devices, sync };
}
