import type { operatorId } from './operator-id.js';

/** Operator desk messages, English. */
export const operatorEn: Record<keyof typeof operatorId, string> = {
  'operator.printJobs': 'Receipt print queue',
  'operator.printJobs.empty': 'No receipts printed yet.',
  'operator.job.queued': 'Waiting',
  'operator.job.printing': 'Printing',
  'operator.job.printed': 'Printed',
  'operator.job.failed': 'Failed',
  'operator.reprint': 'Reprint',
  'operator.reprint.queued': 'Reprint queued.',
  'operator.reprint.failed': 'Reprint failed. Check the printer.',
  'operator.card': 'ID card at the desk',
  'operator.card.none': "Tap the resident's e-KTP on the reader to fill in their data.",
  'operator.card.name': 'Name',
  'operator.card.address': 'Address',
  'operator.card.clear': 'Clear',
  'operator.search': 'Search registration number or tracking code',
  'operator.search.hint': 'Press / to search',
  'operator.sync.never': 'Never sent yet',
  'operator.sync.lastError': 'Last problem: {message}',
  'operator.sync.progress': '{sent} of {total} requests, {kb} kB sent',
  'operator.sync.hub': 'Server: {url}',
  'operator.sync': 'Sending to the regency',
};
