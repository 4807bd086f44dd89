import type { lettersId } from './letters-id.js';

/** Letters (surat) and "Check a letter", English. */
export const lettersEn: Record<keyof typeof lettersId, string> = {
  'letters.title': 'Letters',
  'letters.issue': 'Issue the letter',
  'letters.issued': 'Letter {number} is issued and kept.',
  'letters.alreadyIssued': 'This request already has letter {number}. No new number was used.',
  'letters.preview': 'Letter preview',
  'letters.preview.tooLarge': 'The letter file is too large to show. It is kept and can be printed.',
  'letters.print': 'Print the letter',
  'letters.print.ok': 'Letter {number} was sent to printer {printer}.',
  'letters.print.failed': 'Letter {number} is issued and kept, but printing failed: {reason}. Check the printer (paper, cable, power), then press Print the letter again. The number stays the same.',
  'letters.print.noPrinter': 'No letter printer is set up. The letter is kept as a PDF; ask the admin to set up the letter printer.',
  'letters.error.notLetterService': 'This service does not issue a letter from the desa.',
  'letters.error.template': 'The letter template has a problem: {problem}. Ask the admin to fix the template file, then reload the catalogue. No number was used.',
  'letters.error.logo': 'The letterhead logo cannot be used. Ask the admin to check the logo setting. No number was used.',
  'letters.error.notFound': 'The letter for this request has not been issued yet.',
  'letters.verify.title': 'Check a letter',
  'letters.verify.scan': 'Hold the QR code of the letter to the scanner below the screen.',
  'letters.verify.nikPrompt': 'Want to be sure the letter is yours? Tap your e-KTP or type the NIK (optional).',
  'letters.verify.valid': 'This letter is GENUINE. Number {number}, dated {date}, {service}, from Desa {desa}.',
  'letters.verify.altered': 'This letter can NOT be confirmed as genuine: its code was changed or damaged. Ask the desa office that issued it.',
  'letters.verify.unknownOffice': 'The office that issued this letter is not known at this kiosk yet. Try again once the kiosk has synced with the kabupaten, or ask the desa office.',
  'letters.verify.nikMatch': 'The NIK matches: this letter was issued to that NIK.',
  'letters.verify.nikMismatch': 'The NIK does not match this letter.',
  'letters.verify.again': 'Check another letter',
};
