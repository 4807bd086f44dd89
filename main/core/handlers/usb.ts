import type { usbCalls } from '../../../shared/api/calls/usb.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function usbHandlers(s: CoreServices): Pick<Handlers, keyof typeof usbCalls> {
  return {
    'usb:sticks': () => s.usb.overview(),
    'usb:export': (req) => s.usb.export(req.path, { hubFingerprint: req.hubFingerprint, enrolmentCode: req.enrolmentCode }),
    'usb:import': (req) => s.usb.import(req.path),
  };
}
