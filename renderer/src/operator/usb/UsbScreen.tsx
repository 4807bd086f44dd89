import { useEffect, useState } from 'react';
import type { UsbExportResult, UsbImportResult, UsbReason, UsbStickView } from '../../../../shared/api/calls/usb.js';
import type { EventPayload } from '../../../../shared/api/contract.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { Language } from '../../../../shared/domain/settings.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { formatBytes, formatDateTime } from '../../components/format.js';
import { api, call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** How often the screen looks for a stick (a plugged stick shows within this). */
const LOOK_MS = 2000;

/** A relay is known by its id (a UUID); its first part is enough to tell two apart at the desk. */
const shortId = (id: string): string => id.slice(0, 8);

const problemText = (t: T, reason: UsbReason): string => t(`usb.problem.${reason}` as MessageKey);

/** A refusal in Bahasa Indonesia: the core's reason (details.reason), else the error code's text. */
function refusalText(t: T, err: unknown): string {
  const reason = err instanceof ApiFailure && err.code === 'usb_refused' ? (err.details as { reason?: UsbReason } | undefined)?.reason : undefined;
  return reason ? problemText(t, reason) : errorText(t, err);
}

type Outcome = { kind: 'exported'; path: string; r: UsbExportResult } | { kind: 'imported'; path: string; r: UsbImportResult } | { kind: 'refused'; path: string; text: string };

/**
 * The USB stick at the desk (issue 12 §2): the stick under the mount root is noticed by itself;
 * the screen says what an export will carry and what came back on the stick, writes with a
 * progress bar and says "Aman untuk dicabut" only once every file and folder is fsynced.
 */
export function UsbScreen() {
  const { t, lang } = useI18n();
  const sticks = useQuery('usb:sticks', {}, ['submissions:changed']);
  const [busy, setBusy] = useState<{ path: string; what: 'export' | 'import' } | null>(null);
  const [progress, setProgress] = useState<EventPayload<'usb:progress'> | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [fingerprint, setFingerprint] = useState('');
  const [code, setCode] = useState('');
  const { reload } = sticks;
  useEffect(() => {
    const timer = setInterval(reload, LOOK_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEffect(() => api.on('usb:progress', setProgress), []);

  const run = async (path: string, what: 'export' | 'import'): Promise<void> => {
    setBusy({ path, what });
    setOutcome(null);
    setProgress(null);
    try {
      if (what === 'export') {
        const first = { ...(fingerprint.trim() ? { hubFingerprint: fingerprint.trim() } : {}), ...(code.trim() ? { enrolmentCode: code.trim() } : {}) };
        setOutcome({ kind: 'exported', path, r: await call('usb:export', { path, ...first }) });
      } else setOutcome({ kind: 'imported', path, r: await call('usb:import', { path }) });
    } catch (err) {
      setOutcome({ kind: 'refused', path, text: refusalText(t, err) });
    } finally {
      setBusy(null);
      reload();
    }
  };

  const o = sticks.data;
  const needsHub = outcome?.kind === 'refused' && outcome.text === problemText(t, 'hub_unknown');
  return (
    <section className="panel desk-usb" aria-labelledby="usb-title" data-testid="usb-screen">
      <h2 id="usb-title">{t('usb.title')}</h2>
      <p>{t('usb.lead')}</p>
      {sticks.error && <p className="problem">{errorText(t, sticks.error)}</p>}
      {o && (
        <p data-testid="usb-carry">
          {o.carry.submissions > 0 || o.carry.statusMoves > 0
            ? t('usb.carry', { count: o.carry.submissions, size: formatBytes(o.carry.approxBytes, lang), moves: o.carry.statusMoves })
            : t('usb.carry.none')}
        </p>
      )}
      {o && o.sticks.length === 0 && (
        <p data-testid="usb-none">
          {t('usb.none')} <span className="mono">{t('usb.searching', { root: o.mountRoot })}</span>
        </p>
      )}
      {(needsHub || fingerprint || code) && (
        <fieldset className="usb-first-trip">
          <label>
            {t('usb.fingerprint')}
            <input className="mono" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} placeholder="0000-0000-0000-0000" data-testid="usb-fingerprint" />
          </label>
          <label>
            {t('usb.code')}
            <input className="mono" value={code} onChange={(e) => setCode(e.target.value)} data-testid="usb-code" />
          </label>
        </fieldset>
      )}
      <ul className="usb-sticks">
        {o?.sticks.map((s) => (
          <StickItem key={s.path} s={s} t={t} lang={lang} busy={busy} progress={progress?.path === s.path ? progress : null} outcome={outcome?.path === s.path ? outcome : null} onRun={(what) => void run(s.path, what)} />
        ))}
      </ul>
    </section>
  );
}

function StickItem(p: {
  s: UsbStickView;
  t: T;
  lang: Language;
  busy: { path: string; what: 'export' | 'import' } | null;
  progress: EventPayload<'usb:progress'> | null;
  outcome: Outcome | null;
  onRun: (what: 'export' | 'import') => void;
}) {
  const { s, t } = p;
  const mine = p.busy?.path === s.path;
  const pr = p.progress;
  const frac = pr ? (pr.phase === 'done' ? 1 : pr.bytesTotal > 0 ? Math.min(1, pr.bytesDone / pr.bytesTotal) : 0) : 0;
  return (
    <li className="usb-stick" data-testid="usb-stick" data-label={s.label}>
      <h3>
        {s.label} <span className="mono">{s.path}</span>
      </h3>
      <p>{s.prepared ? t('usb.stick.prepared') : t('usb.stick.blank')}</p>
      {s.exported && <p data-testid="usb-exported">{t('usb.stick.exported')}</p>}
      {s.relay && (
        <p data-testid="usb-at-relay">{t('usb.stick.atRelay', { relay: shortId(s.relay.relayId), at: formatDateTime(s.relay.at, p.lang), count: s.relay.batches })}</p>
      )}
      {s.otherDevices > 0 && <p>{t('usb.stick.others', { count: s.otherDevices })}</p>}
      {s.answer && (
        <div data-testid="usb-answer">
          <p>{t('usb.answer', { acks: s.answer.acks, count: s.answer.submissions, statuses: s.answer.statuses })}</p>
          {s.answer.catalogue !== null && <p>{t('usb.answer.catalogue', { version: s.answer.catalogue })}</p>}
          {s.answer.release && <p>{t('usb.answer.release', { version: s.answer.release })}</p>}
          {s.answer.failed > 0 && <p className="problem">{t('usb.answer.failed', { count: s.answer.failed })}</p>}
          {s.answer.alreadyApplied && <p data-testid="usb-applied">{t('usb.answer.applied')}</p>}
        </div>
      )}
      {s.problem && (
        <p className="problem" role="alert" data-testid="usb-problem" data-reason={s.problem.reason}>
          {problemText(t, s.problem.reason)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => p.onRun('export')} disabled={p.busy !== null} data-testid="usb-export">
          {t('usb.export')}
        </button>
        {(s.answer || s.relay || s.problem || s.otherDevices > 0) && (
          <button type="button" onClick={() => p.onRun('import')} disabled={p.busy !== null} data-testid="usb-import">
            {t('usb.import')}
          </button>
        )}
      </div>
      {mine && (
        <div role="status">
          <p>{p.busy?.what === 'export' ? t('usb.writing') : t('usb.reading')}</p>
          {p.busy?.what === 'export' && pr?.phase === 'prepare' && <p>{t('usb.preparing', { count: pr.filesDone })}</p>}
          {p.busy?.what === 'export' && (
            <progress max={1} value={pr?.phase === 'prepare' ? undefined : frac} data-testid="usb-progress" aria-label={t('usb.writing')}>
              {t('usb.progress', { done: formatBytes(pr?.bytesDone ?? 0, p.lang), total: formatBytes(pr?.bytesTotal ?? 0, p.lang) })}
            </progress>
          )}
        </div>
      )}
      {p.outcome && <OutcomeText o={p.outcome} t={t} lang={p.lang} />}
    </li>
  );
}

function OutcomeText({ o, t, lang }: { o: Outcome; t: T; lang: Language }) {
  if (o.kind === 'refused') {
    return (
      <p className="problem" role="alert" data-testid="usb-refused">
        {o.text}
      </p>
    );
  }
  if (o.kind === 'exported') {
    return (
      <div role="status">
        <p className="usb-safe notice" data-testid="usb-safe">
          {t('usb.safe')}
        </p>
        <p>{t('usb.exported', { count: o.r.submissions, size: formatBytes(o.r.bytes, lang) })}</p>
      </div>
    );
  }
  const r = o.r;
  const failedKey = (reason: UsbReason): MessageKey => (reason === 'partial' ? 'usb.failed.partial' : reason === 'tampered' ? 'usb.failed.tampered' : 'usb.failed.other');
  return (
    <div role="status" data-testid="usb-imported">
      {(r.alreadyApplied || r.delivered > 0 || r.statuses > 0 || !r.atRelay) && (
        <p className="notice">{r.alreadyApplied ? t('usb.imported.again') : t('usb.imported', { delivered: r.delivered, statuses: r.statuses })}</p>
      )}
      {r.atRelay && (
        <p className="notice" data-testid="usb-imported-at-relay">
          {t('usb.imported.atRelay', { count: r.atRelay.batches, relay: shortId(r.atRelay.relayId) })}
        </p>
      )}
      {r.catalogue !== null && <p>{t('usb.imported.catalogue', { version: r.catalogue })}</p>}
      {r.catalogueRefused && <p className="problem">{t('usb.imported.catalogueRefused')}</p>}
      {[...new Set(r.failed.map((f) => f.reason))].map((reason) => (
        <p key={reason} className="problem">
          {t(failedKey(reason))}
        </p>
      ))}
      {r.release && r.release.state !== 'current' && <p className={r.release.state === 'ready' ? 'notice' : 'problem'}>{t(`usb.release.${r.release.state}` as MessageKey, { version: r.release.version })}</p>}
      <p className="usb-safe notice">{t('usb.safe')}</p>
    </div>
  );
}
