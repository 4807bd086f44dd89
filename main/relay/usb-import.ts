/**
 * `anjungan relay usb-import`: not built yet. A stick's batches are sealed to the hub's X25519
 * key, so the relay cannot open them to hold them as plain batches; carrying sealed files up
 * needs a hub route for them (issue 12 §2, left open). Until then this reports and refuses.
 */
export function relayUsbImport(_db: string, from: string): { devices: number; batches: number; errors: string[] } {
  return { devices: 0, batches: 0, errors: [`relay usb-import is not available yet: take the stick from ${from} to the hub (anjungan hub usb-import)`] };
}
