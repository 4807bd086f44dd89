import { checkDeviceConfig } from '../devices/device-manager.js';
import type { CoreOptions } from './core.js';

export interface RuntimeFlags {
  reader?: string | undefined;
  printer?: string | undefined;
  upstream?: string | undefined;
  noHub?: boolean | undefined;
  /** A packaged desktop build: real devices only (no simulators, so no sim:* calls either). */
  packaged?: boolean | undefined;
}

/**
 * Devices and sync from command-line flags, with the built-in defaults both shells share
 * (`anjungan start` and the Electron app): simulated reader and printer, an embedded local hub.
 * A packaged build defaults to no devices until the office names its real ones, and refuses
 * `sim`. Throws a plain English error on a bad device string.
 */
export function runtimeOptions(flags: RuntimeFlags): Pick<CoreOptions, 'devices' | 'sync'> {
  const fallback = flags.packaged ? 'none' : 'sim';
  const devices = { reader: flags.reader ?? fallback, printer: flags.printer ?? fallback };
  checkDeviceConfig(devices);
  if (flags.packaged && (devices.reader === 'sim' || devices.printer === 'sim')) {
    throw new Error('simulated devices are not available in a packaged build; name the real reader and printer');
  }
  const sync = { upstream: flags.upstream ?? null, embeddedHub: !flags.noHub && !flags.upstream };
  return { devices, sync };
}
