import type { MessageKey } from './id.js';

/** English, second language: same keys as the Indonesian catalogue (the compiler enforces it). */
export const en: Record<MessageKey, string> = {
  'app.name': 'Anjungan',
  'app.tagline': 'Serang Tatu: one door to public services',
  'app.loading': 'Loading…',
  'app.office': 'Village {desa}, District {kecamatan}',

  'role.kiosk': 'Self-service kiosk',
  'role.operator': 'Service desk',

  'lang.switch': 'Bahasa Indonesia',
  'lang.current': 'English',

  'health.title': 'System health',
  'health.store.ok': 'Data store is healthy',
  'health.store.bad': 'Data store has a problem: call staff',
  'health.schema': 'Data version {version}',
  'health.count': '{count} requests stored',
  'health.uptime': 'Running since {time}',

  'submissions.title': 'Stored requests',
  'submissions.empty': 'No requests yet.',
  'submissions.col.registration': 'Registration number',
  'submissions.col.service': 'Service',
  'submissions.col.status': 'Status',
  'submissions.col.created': 'Time',
  'submissions.more': 'and {count} more',

  'status.received': 'Received at the village office',
  'status.sent': 'Sent',
  'status.accepted': 'Received by the agency',
  'status.processing': 'In progress',
  'status.done': 'Completed',
  'status.rejected': 'Rejected',

  'settings.title': 'Settings',
  'settings.role': 'Device role',
  'settings.office': 'Village office',
  'settings.saved': 'Settings saved.',

  'kiosk.welcome': 'Welcome',
  'kiosk.welcome.help': 'Touch the screen to begin.',

  'error.invalid_request': 'The data sent is incomplete or wrong. Please check your entries.',
  'error.unknown_call': 'Unknown command. Please call staff.',
  'error.not_found': 'Not found. Please check the number you entered.',
  'error.conflict': 'This record already exists with different content. Please call staff.',
  'error.unauthorized': 'Invalid session. Open the address shown when Anjungan started.',
  'error.device_unavailable': 'The device is not ready. Wait a moment or call staff.',
  'error.printer_not_ready': 'The printer is not ready. Your request is saved; the receipt can be reprinted at the desk.',
  'error.catalogue_invalid': 'The service list cannot be read. Please call staff.',
  'error.sync_failed': 'Sending failed. The data is kept and will be sent again.',
  'error.internal': 'Something went wrong. Your data is safe. Try again or call staff.',
  'error.offline': 'Not connected to Anjungan. Reconnecting…',
};
