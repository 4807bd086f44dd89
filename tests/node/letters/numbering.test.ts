import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { tempDir } from '../../helpers/tmp.js';
import { letterCore, submitDesa } from './helpers.js';

describe('letter numbering: a per-office yearly series', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  let clock = new Date(2026, 11, 31, 15, 0);
  beforeEach(async () => {
    tmp = tempDir('anjungan-letters-');
    core = await letterCore(tmp.dir, () => clock);
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('counts on within a year, starts at 001 on 1 January, and follows the office\'s pattern', async () => {
    const issue = async (serviceId: 'sktm' | 'surat-domisili') => (await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: await submitDesa(core, serviceId) })).letter.number;
    expect(await issue('surat-domisili')).toBe('470/001/2001/XII/2026');
    expect(await issue('sktm')).toBe('460/002/2001/XII/2026');
    clock = new Date(2027, 0, 1, 8, 0);
    expect(await issue('surat-domisili')).toBe('470/001/2001/I/2027');
    await invokeOrThrow(core.dispatcher, 'settings:update', { letterNumberPattern: '{nomor}/DS-KRW/{bulan romawi}/{tahun}' });
    expect(await issue('sktm')).toBe('002/DS-KRW/I/2027');
  });

  it('a pattern without the year never repeats last year\'s number: it skips to a free one', async () => {
    await invokeOrThrow(core.dispatcher, 'settings:update', { letterNumberPattern: '470/{nomor}' });
    clock = new Date(2026, 11, 31, 15, 0);
    const a = (await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: await submitDesa(core) })).letter.number;
    clock = new Date(2027, 0, 2, 8, 0);
    const b = (await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: await submitDesa(core) })).letter.number;
    expect([a, b]).toEqual(['470/001', '470/002']);
  });
});
