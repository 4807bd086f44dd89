import type { KioskLetterVerification, KioskReceipt, KioskStatusView } from '../../../../shared/api/calls/kiosk.js';
import type { Answers } from '../../../../shared/catalogue/answers.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import type { SkmUnsur } from '../../../../shared/catalogue/skm.js';
import type { PartialBiodata } from '../../../../shared/devices/biodata.js';
import type { Applicant } from '../../../../shared/domain/request.js';
import type { QueueLane } from '../../../../shared/queue/board.js';

/**
 * The state of one resident's visit at the kiosk, and every event that moves it. Pure data:
 * the reducer (machine.ts) is the only thing that changes it, and a wipe replaces all of it.
 */

export type Screen =
  | 'welcome'
  | 'agencies'
  | 'services'
  | 'search'
  | 'identity'
  | 'nik'
  | 'name'
  | 'address'
  | 'confirm'
  | 'form'
  | 'requirements'
  | 'consent'
  | 'review'
  | 'receipt'
  | 'survey'
  | 'done'
  | 'status'
  /** "Cek keaslian surat": a letter's QR scanned or typed, and its verdict. */
  | 'verify-letter'
  /** "Ambil nomor antrean": who is to be served (a priority lane or none), one tap takes the ticket. */
  | 'queue'
  /** The ticket taken: its number, big, and the printer's answer. */
  | 'queue-ticket';

/** Screens on which a tapped e-KTP is acted upon; anywhere else a card read is ignored. */
export const CARD_SCREENS: readonly Screen[] = ['welcome', 'identity', 'nik', 'status'];

/** Where the resident is: the screen, the question on the form, the agency whose list is open. */
export interface Step {
  screen: Screen;
  fieldIndex: number;
  /** On 'services': the agency whose services are listed (none: the complaint services). */
  agencyId?: string;
}

export type SkmScore = 1 | 2 | 3 | 4;

export interface FlowState {
  /** Counts wipes: the kiosk remounts everything below it when this changes. */
  session: number;
  step: Step;
  /** The steps "Kembali" returns to, latest last. */
  stack: Step[];
  mode: 'apply' | 'complaint';
  service?: ServiceDefinition;
  applicant?: Applicant;
  answers: Answers;
  /** Requirement ids the resident says they brought. */
  checked: string[];
  /** What is being typed for the identity, kept when the resident goes back and forth. */
  drafts: { nik: string; name: string; address: string };
  /** The last card tapped could not be read (no name or address on the chip). */
  cardError: boolean;
  /** 'storage': the device itself cannot store it (disk full, read-only): trying again will not help. */
  submit: 'idle' | 'busy' | 'failed' | 'storage';
  receipt?: KioskReceipt;
  /** index -1: the question whether to take the survey at all. */
  survey: { index: number; scores: Partial<Record<SkmUnsur, SkmScore>>; sending: boolean };
  /** The submission found on "Cek status", and the NIK of a card tapped there. */
  status: { view?: KioskStatusView; cardNik?: string };
  /** The verdict shown on "Cek keaslian surat" (what the letter's QR itself carries). */
  letter: { verdict?: KioskLetterVerification };
  /** "Ambil nomor antrean": the lane tapped, the ticket taken (numbers only) and its printing. */
  queue: QueueVisit;
}

/** A ticket as the kiosk shows it: the number and how many wait before it, nothing else. */
export interface QueueTicketView {
  label: string;
  group: string;
  number: number;
  lane: QueueLane;
  ahead: number;
  /** Whether a print job was made for it (no printer set: nothing to wait for). */
  printing: boolean;
}

export interface QueueVisit {
  taking: 'idle' | 'busy' | 'failed';
  ticket?: QueueTicketView;
  print: 'printing' | 'printed' | 'failed' | 'none';
}

export type FlowEvent =
  // Welcome
  | { type: 'apply' }
  | { type: 'complaint' }
  | { type: 'check-status' }
  | { type: 'type-nik' }
  // Finding a service
  | { type: 'open-search' }
  | { type: 'choose-agency'; agencyId: string }
  | { type: 'choose-service'; service: ServiceDefinition }
  // Identity
  | { type: 'card-read'; biodata: PartialBiodata }
  | { type: 'nik-input'; value: string }
  /** The typed NIK was checked; `known` is what the core knows of it (null: ask the name). */
  | { type: 'nik-checked'; nik: string; known: { nama: string; alamat: string } | null }
  | { type: 'name-input'; value: string }
  | { type: 'name-done' }
  | { type: 'address-input'; value: string }
  | { type: 'address-done' }
  | { type: 'confirm-yes' }
  | { type: 'confirm-no' }
  // The form and the request
  | { type: 'answer'; value: string }
  | { type: 'edit'; fieldIndex: number }
  | { type: 'toggle-requirement'; id: string }
  | { type: 'requirements-done' }
  | { type: 'consent-agreed' }
  | { type: 'submit-start' }
  | { type: 'submit-ok'; receipt: KioskReceipt }
  | { type: 'submit-failed'; storage?: boolean }
  | { type: 'receipt-done' }
  // Survey
  | { type: 'survey-start' }
  | { type: 'survey-skip' }
  | { type: 'survey-answer'; score: SkmScore }
  | { type: 'survey-sent' }
  // Status check
  | { type: 'status-found'; view: KioskStatusView }
  | { type: 'status-another' }
  // Letter check
  | { type: 'verify-letter' }
  | { type: 'letter-verified'; verdict: KioskLetterVerification }
  | { type: 'letter-another' }
  // Queue ticket ("Ambil nomor antrean")
  | { type: 'queue' }
  | { type: 'queue-take'; lane: QueueLane }
  | { type: 'queue-taken'; ticket: QueueTicketView }
  | { type: 'queue-failed' }
  | { type: 'queue-printed'; outcome: 'printed' | 'failed' }
  // Anywhere
  | { type: 'back' }
  /** The resident is done ("Selesai", "Ke awal"). */
  | { type: 'finish' }
  /** Nobody touched the screen: forget the resident. */
  | { type: 'idle-wipe' };

/** A fresh welcome screen holding nothing of anybody. */
export function initialFlow(session = 0): FlowState {
  return {
    session,
    step: { screen: 'welcome', fieldIndex: 0 },
    stack: [],
    mode: 'apply',
    answers: {},
    checked: [],
    drafts: { nik: '', name: '', address: '' },
    cardError: false,
    submit: 'idle',
    survey: { index: -1, scores: {}, sending: false },
    status: {},
    letter: {},
    queue: { taking: 'idle', print: 'none' },
  };
}
