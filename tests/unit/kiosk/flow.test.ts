import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARD_SCREENS, initialFlow, reduce, requestDraft, type FlowEvent, type FlowState, type Screen } from '../../../renderer/src/kiosk/flow/machine.js';
import type { KioskReceipt, KioskStatusView } from '../../../shared/api/calls/kiosk.js';
import { validateCatalogueFile, type ServiceDefinition } from '../../../shared/catalogue/schema.js';
import type { PartialBiodata } from '../../../shared/devices/biodata.js';

const DIR = resolve(import.meta.dirname, '..', '..', '..', 'main', 'catalogue', 'services');
function service(id: string): ServiceDefinition {
  const r = validateCatalogueFile(`${id}.json`, JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.service;
}
const domisili = service('surat-domisili');
const pindah = service('pindah');
const pengaduan = service('pengaduan');

const CARD: PartialBiodata = {
  nik: '3604051208850001',
  nama: 'AHMAD SUHENDRA',
  alamat: 'KP. KRAMAT',
  rt: '002',
  rw: '005',
  kelDesa: 'KRAMATWATU',
  kecamatan: 'KRAMATWATU',
  tempatLahir: 'SERANG',
  tanggalLahir: '1985-08-12',
  jenisKelamin: 'LAKI-LAKI',
};
const RECEIPT: KioskReceipt = {
  submissionId: '0c1e4b57-3f0e-4d59-9d3a-6f1a2b3c4d5e',
  registrationNo: '052001-Z0A0-261201-0001',
  trackingCode: 'SS3STTMY',
  queueNo: 'B-001',
  serviceId: 'surat-domisili',
  serviceTitle: 'Surat keterangan domisili',
  requirements: [],
  sla: '1 hari kerja',
  completion: 'desa',
  forwardTo: null,
  createdAt: '2026-01-05T08:00:00.000Z',
};
const VIEW: KioskStatusView = {
  limited: false,
  registrationNo: RECEIPT.registrationNo,
  trackingCode: RECEIPT.trackingCode,
  serviceId: 'sku',
  serviceTitle: 'Surat keterangan usaha (SKU)',
  initials: 'A. S.',
  status: 'processing',
  history: [],
  createdAt: RECEIPT.createdAt,
  updatedAt: RECEIPT.createdAt,
  lastHubContactAt: null,
  delivered: true,
  relayAt: null,
  deliveredAt: null,
  identity: { nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT' },
  identityMismatch: false,
};
/** What must never survive a wipe. */
const TRACES = ['AHMAD', '3604051208850001', 'RATNA', '3604054107900003', 'TONJONG', 'WARUNG', 'KP. KRAMAT', RECEIPT.trackingCode];

const run = (events: FlowEvent[], from: FlowState = initialFlow()): FlowState => events.reduce(reduce, from);
const screenOf = (s: FlowState): Screen => s.step.screen;

const cardToReview: FlowEvent[] = [
  { type: 'card-read', biodata: CARD },
  { type: 'confirm-yes' },
  { type: 'choose-service', service: domisili },
  { type: 'answer', value: 'kerja' },
  { type: 'requirements-done' },
  { type: 'consent-agreed' },
];
const typedUnknown: FlowEvent[] = [
  { type: 'type-nik' },
  { type: 'nik-input', value: '3604054107900003' },
  { type: 'nik-checked', nik: '3604054107900003', known: null },
  { type: 'name-input', value: 'RATNA SARI' },
  { type: 'name-done' },
  { type: 'address-input', value: 'KP. TONJONG RT 001' },
  { type: 'address-done' },
];
const toSurvey: FlowEvent[] = [...cardToReview, { type: 'submit-start' }, { type: 'submit-ok', receipt: RECEIPT }, { type: 'receipt-done' }];

/** One state per screen (and the variants that matter), each reached the way a resident reaches it. */
const STATES: Record<string, FlowEvent[]> = {
  welcome: [],
  'welcome, card error': [{ type: 'card-read', biodata: { nik: CARD.nik } }],
  agencies: [{ type: 'apply' }],
  services: [{ type: 'apply' }, { type: 'choose-agency', agencyId: 'desa' }],
  'services (complaints)': [{ type: 'complaint' }],
  search: [{ type: 'apply' }, { type: 'open-search' }],
  identity: [{ type: 'apply' }, { type: 'choose-service', service: domisili }],
  nik: [{ type: 'type-nik' }, { type: 'nik-input', value: '36040541' }],
  name: typedUnknown.slice(0, 4),
  address: typedUnknown.slice(0, 6),
  confirm: typedUnknown,
  form: [...typedUnknown, { type: 'confirm-yes' }, { type: 'choose-service', service: domisili }],
  requirements: cardToReview.slice(0, 4),
  consent: cardToReview.slice(0, 5),
  review: cardToReview,
  'review, submitting': [...cardToReview, { type: 'submit-start' }],
  'review, failed': [...cardToReview, { type: 'submit-start' }, { type: 'submit-failed' }],
  receipt: [...cardToReview, { type: 'submit-start' }, { type: 'submit-ok', receipt: RECEIPT }],
  survey: toSurvey,
  'survey, question 3': [...toSurvey, { type: 'survey-start' }, { type: 'survey-answer', score: 4 }, { type: 'survey-answer', score: 3 }],
  'survey, sending': [...toSurvey, { type: 'survey-start' }, ...Array.from({ length: 9 }, () => ({ type: 'survey-answer', score: 3 }) as FlowEvent)],
  done: [...toSurvey, { type: 'survey-skip' }],
  status: [{ type: 'check-status' }],
  'status, result': [{ type: 'check-status' }, { type: 'status-found', view: VIEW }, { type: 'card-read', biodata: CARD }],
};
const states = Object.entries(STATES).map(([name, events]) => [name, run(events)] as const);

describe('kiosk flow: every screen is reachable', () => {
  it('covers every screen', () => {
    const seen = new Set(states.map(([, s]) => screenOf(s)));
    const all: Screen[] = ['welcome', 'agencies', 'services', 'search', 'identity', 'nik', 'name', 'address', 'confirm', 'form', 'requirements', 'consent', 'review', 'receipt', 'survey', 'done', 'status'];
    expect([...seen].sort()).toEqual([...all].sort());
    for (const [name, s] of states) expect(screenOf(s), name).toBe(name.split(/[ ,(]/)[0]);
  });
});

describe('kiosk flow: forward', () => {
  it('e-KTP at welcome: confirm, agencies, the form, requirements, consent, review, submit, receipt, survey, done', () => {
    let s = run([{ type: 'card-read', biodata: CARD }]);
    expect(screenOf(s)).toBe('confirm');
    expect(s.applicant).toMatchObject({ nik: CARD.nik, nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU, Kec. KRAMATWATU', source: 'card', rt: '002' });
    s = run([{ type: 'confirm-yes' }], s);
    expect(screenOf(s)).toBe('agencies');
    s = run([{ type: 'choose-service', service: domisili }], s);
    expect(s.step).toEqual({ screen: 'form', fieldIndex: 0 });
    s = run([{ type: 'answer', value: 'kerja' }], s);
    expect(screenOf(s)).toBe('requirements');
    s = run([{ type: 'toggle-requirement', id: 'pengantar-rt' }, { type: 'toggle-requirement', id: 'foto' }, { type: 'toggle-requirement', id: 'foto' }], s);
    expect(s.checked).toEqual(['pengantar-rt']);
    s = run([{ type: 'requirements-done' }, { type: 'consent-agreed' }], s);
    expect(screenOf(s)).toBe('review');
    expect(requestDraft(s, RECEIPT.submissionId)).toEqual({
      id: RECEIPT.submissionId,
      serviceId: 'surat-domisili',
      serviceVersion: domisili.version,
      applicant: s.applicant,
      answers: { keperluan: 'kerja' },
      requirementsChecked: ['pengantar-rt'],
      consent: { accepted: true, statementVersion: expect.any(String) as unknown as string },
    });
    s = run([{ type: 'submit-start' }], s);
    expect(s.submit).toBe('busy');
    s = run([{ type: 'submit-ok', receipt: RECEIPT }], s);
    expect(s.step.screen).toBe('receipt');
    expect(s.stack).toEqual([]); // stored: no way back into the form
    s = run([{ type: 'receipt-done' }, { type: 'survey-skip' }], s);
    expect(screenOf(s)).toBe('done');
    s = run([{ type: 'finish' }], s);
    expect(s).toEqual(initialFlow(1));
  });

  it('typed NIK the core knows: confirm with its name and address, marked as typed', () => {
    const s = run([{ type: 'type-nik' }, { type: 'nik-input', value: CARD.nik }, { type: 'nik-checked', nik: CARD.nik, known: { nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT' } }]);
    expect(screenOf(s)).toBe('confirm');
    expect(s.applicant).toEqual({ nik: CARD.nik, nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT', source: 'manual' });
  });

  it('typed NIK the core does not know: name, then address (each with a minimum), then confirm', () => {
    let s = run(typedUnknown.slice(0, 3));
    expect(screenOf(s)).toBe('name');
    expect(screenOf(run([{ type: 'name-input', value: 'AB' }, { type: 'name-done' }], s))).toBe('name');
    s = run(typedUnknown.slice(3, 5), s);
    expect(screenOf(s)).toBe('address');
    expect(screenOf(run([{ type: 'address-input', value: 'KP' }, { type: 'address-done' }], s))).toBe('address');
    s = run(typedUnknown.slice(5), s);
    expect(s.applicant).toEqual({ nik: '3604054107900003', nama: 'RATNA SARI', alamat: 'KP. TONJONG RT 001', source: 'manual' });
  });

  it('an answer for a NIK no longer on screen is ignored', () => {
    const s = run([{ type: 'type-nik' }, { type: 'nik-input', value: '3604' }]);
    expect(run([{ type: 'nik-checked', nik: CARD.nik, known: null }], s)).toBe(s);
  });

  it('agency, then its service, then who applies; the chosen service survives the identity', () => {
    let s = run([{ type: 'apply' }, { type: 'choose-agency', agencyId: 'dukcapil' }]);
    expect(s.step).toEqual({ screen: 'services', fieldIndex: 0, agencyId: 'dukcapil' });
    s = run([{ type: 'choose-service', service: pindah }], s);
    expect(screenOf(s)).toBe('identity');
    s = run([{ type: 'card-read', biodata: CARD }, { type: 'confirm-yes' }], s);
    expect(s.step).toEqual({ screen: 'form', fieldIndex: 0 });
    // Conditional questions follow the answers.
    s = run([{ type: 'answer', value: 'dalam-kabupaten' }], s);
    expect(s.step.fieldIndex).toBe(1);
    s = run([{ type: 'answer', value: '36.04.05' }, { type: 'answer', value: '36.04.05.2006' }, { type: 'answer', value: '2' }, { type: 'answer', value: 'keluarga' }, { type: 'answer', value: '' }], s);
    expect(screenOf(s)).toBe('requirements');
    expect(s.answers).toEqual({ tujuan: 'dalam-kabupaten', kecamatanTujuan: '36.04.05', desaTujuan: '36.04.05.2006', jumlahPindah: '2', alasan: 'keluarga', noHp: '' });
  });

  it('search: from the agencies screen, one tap', () => {
    const s = run([{ type: 'apply' }, { type: 'open-search' }, { type: 'choose-service', service: domisili }]);
    expect(screenOf(s)).toBe('identity');
    expect(s.service?.id).toBe('surat-domisili');
  });

  it('complaint: the complaint list, then identity', () => {
    let s = run([{ type: 'complaint' }]);
    expect(s).toMatchObject({ mode: 'complaint', step: { screen: 'services', fieldIndex: 0 } });
    expect(s.step.agencyId).toBeUndefined();
    s = run([{ type: 'choose-service', service: pengaduan }, { type: 'type-nik' }], s);
    expect(screenOf(s)).toBe('nik');
  });

  it('edit from the review: that question, then onward again to the review', () => {
    let s = run([...cardToReview, { type: 'edit', fieldIndex: 0 }]);
    expect(s.step).toEqual({ screen: 'form', fieldIndex: 0 });
    s = run([{ type: 'answer', value: 'sekolah' }, { type: 'requirements-done' }, { type: 'consent-agreed' }], s);
    expect(screenOf(s)).toBe('review');
    expect(s.answers['keperluan']).toBe('sekolah');
  });

  it('a submit the device cannot store (disk full, read-only) says so, apart from a failure worth trying again', () => {
    const full = run([...cardToReview, { type: 'submit-start' }, { type: 'submit-failed', storage: true }]);
    expect(full.submit).toBe('storage');
    expect(screenOf(full)).toBe('review');
    expect(run([{ type: 'submit-start' }], full).submit).toBe('busy');
    expect(run([...cardToReview, { type: 'submit-start' }, { type: 'submit-failed', storage: false }]).submit).toBe('failed');
  });

  it('a failed submit can be tried again; a submit answer after the screen is gone is ignored', () => {
    let s = run([...cardToReview, { type: 'submit-start' }, { type: 'submit-failed' }]);
    expect(s.submit).toBe('failed');
    s = run([{ type: 'submit-start' }], s);
    expect(s.submit).toBe('busy');
    const wiped = run([{ type: 'idle-wipe' }], s);
    expect(run([{ type: 'submit-ok', receipt: RECEIPT }], wiped)).toBe(wiped);
  });

  it('"Bukan, ulangi" forgets the identity: back to welcome, or to "who applies" when a service is chosen', () => {
    const a = run([...typedUnknown, { type: 'confirm-no' }]);
    expect(a).toMatchObject({ step: { screen: 'welcome' }, stack: [], drafts: { nik: '', name: '', address: '' } });
    expect(a.applicant).toBeUndefined();
    const b = run([{ type: 'apply' }, { type: 'choose-service', service: domisili }, { type: 'card-read', biodata: CARD }, { type: 'confirm-no' }]);
    expect(b).toMatchObject({ step: { screen: 'identity' }, stack: [] });
    expect(b.applicant).toBeUndefined();
  });

  it('survey: nine questions, back steps through them, the last answer sends, then done', () => {
    let s = run([...toSurvey, { type: 'survey-start' }, { type: 'survey-answer', score: 4 }]);
    expect(s.survey.index).toBe(1);
    s = run([{ type: 'back' }], s);
    expect(s.survey.index).toBe(0);
    for (let i = 0; i < 9; i++) s = run([{ type: 'survey-answer', score: 3 }], s);
    expect(s.survey).toMatchObject({ sending: true, index: 8 });
    expect(Object.keys(s.survey.scores)).toHaveLength(9);
    expect(run([{ type: 'survey-answer', score: 1 }], s)).toBe(s);
    expect(screenOf(run([{ type: 'survey-sent' }], s))).toBe('done');
  });

  it('status: a result, a card reveals by NIK, "cek nomor lain" forgets both', () => {
    let s = run([{ type: 'check-status' }, { type: 'status-found', view: VIEW }]);
    expect(s.status.view).toBe(VIEW);
    s = run([{ type: 'card-read', biodata: CARD }], s);
    expect(s.status.cardNik).toBe(CARD.nik);
    expect(screenOf(s)).toBe('status');
    s = run([{ type: 'status-another' }], s);
    expect(s.status).toEqual({});
  });
});

describe('kiosk flow: back from every state', () => {
  it.each(states)('%s', (name, s) => {
    const after = reduce(s, { type: 'back' });
    if (s.submit === 'busy' || s.survey.sending || (screenOf(s) === 'survey' && s.survey.index === -1)) {
      expect(after).toBe(s);
    } else if (screenOf(s) === 'survey') {
      expect(after.survey.index).toBe(s.survey.index - 1);
    } else if (s.stack.length === 0) {
      expect(after, name).toEqual(initialFlow(s.session + 1));
    } else {
      expect(after.step).toEqual(s.stack[s.stack.length - 1]);
      expect(after.stack).toEqual(s.stack.slice(0, -1));
      if (screenOf(s) === 'status') expect(after.status).toEqual({});
    }
  });
});

describe('kiosk flow: idle wipe from every state', () => {
  it.each(states)('%s: a fresh welcome, nothing of the resident left', (_name, s) => {
    const wiped = reduce(s, { type: 'idle-wipe' });
    expect(wiped).toEqual(initialFlow(s.session + 1));
    const text = JSON.stringify(wiped);
    for (const trace of TRACES) expect(text).not.toContain(trace);
  });

  it('the states themselves did hold resident data (the wipe is what removes it)', () => {
    expect(JSON.stringify(run(STATES['review']!))).toContain('AHMAD');
    expect(JSON.stringify(run(STATES['address']!))).toContain('RATNA');
  });
});

describe('kiosk flow: a card read in every state', () => {
  it.each(states)('%s', (_name, s) => {
    const after = reduce(s, { type: 'card-read', biodata: CARD });
    const screen = screenOf(s);
    if (!CARD_SCREENS.includes(screen)) {
      expect(after).toBe(s); // ignored, including while submitting
    } else if (screen === 'status') {
      expect(after.status.cardNik).toBe(CARD.nik);
      expect(after.step).toEqual(s.step);
    } else {
      expect(after.step.screen).toBe('confirm');
      expect(after.applicant).toMatchObject({ nik: CARD.nik, source: 'card' });
      expect(after.cardError).toBe(false);
      expect(after.stack[after.stack.length - 1]).toEqual(s.step);
    }
  });

  it.each(states.filter(([, s]) => ['welcome', 'identity', 'nik'].includes(screenOf(s))))('%s: a card without name or address is an error, not an identity', (_name, s) => {
    const after = reduce(s, { type: 'card-read', biodata: { nik: CARD.nik } });
    expect(after).toMatchObject({ cardError: true, step: s.step });
  });
});
