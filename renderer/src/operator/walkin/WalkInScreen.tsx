import { useEffect, useRef, useState } from 'react';
import type { AnswerProblem } from '../../../../shared/catalogue/answers.js';
import { visibleFields } from '../../../../shared/catalogue/answers.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import type { KioskReceipt } from '../../../../shared/api/calls/kiosk.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import { api, call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { useI18n } from '../../i18n/i18n.js';
import { printReceipt, type PrintOutcome } from '../../kiosk/devices.js';
import { applicantFromCard } from '../../kiosk/flow/applicant.js';
import { todayIso } from '../../kiosk/flow/dates.js';
import { useDeskNav } from '../desk-nav.js';
import { draftOf, emptyForm, formProblems, type WalkInForm } from './draft.js';
import { FieldInput } from './FieldInput.js';
import { ServicePicker } from './ServicePicker.js';

type Notice = { kind: 'problem' | 'info'; text: string } | null;

/**
 * A walk-in request entered by the operator, keyboard first: type the service, Enter; the NIK
 * (or tap the e-KTP), name, address and the service's own fields in Tab order; Enter saves
 * through desk:submit (the one submit path, the operator recorded) and prints the receipt.
 */
export function WalkInScreen() {
  const { t } = useI18n();
  const nav = useDeskNav();
  const catalogue = useQuery('catalogue:list', {}, ['catalogue:changed']);
  const [service, setService] = useState<ServiceDefinition | null>(null);
  const [form, setForm] = useState<WalkInForm>(emptyForm);
  const [problems, setProblems] = useState<Record<string, AnswerProblem>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const [receipt, setReceipt] = useState<KioskReceipt | null>(null);
  const [print, setPrint] = useState<PrintOutcome | 'printing' | null>(null);
  const [filledFrom, setFilledFrom] = useState<'card' | 'nik' | null>(null);
  const lastLookup = useRef('');
  /** Set from the press that sends until its answer: a second Enter or click in between sends nothing. */
  const inFlight = useRef(false);
  const pressedAgain = useRef(false);

  // A tapped e-KTP fills the applicant (the echo of a typed NIK is handled below).
  useEffect(
    () =>
      api.on('card:read', (e) => {
        if (e.source === 'manual' || receipt) return;
        const a = applicantFromCard(e.biodata);
        setForm((f) => ({ ...f, nik: e.biodata.nik, nama: a?.nama ?? f.nama, alamat: a?.alamat ?? f.alamat, card: a }));
        setFilledFrom('card');
      }),
    [receipt],
  );

  const set = (patch: Partial<WalkInForm>): void => {
    if (receipt) return;
    setForm((f) => ({ ...f, ...patch }));
    setNotice(null);
  };
  const onNik = (raw: string): void => {
    const nik = raw.replace(/\D/g, '').slice(0, 16);
    set({ nik });
    if (nik.length !== 16 || nik === lastLookup.current) return;
    lastLookup.current = nik;
    // A NIK whose card was read here before gives its name and address.
    void api.invoke('card:manual', { nik }).then((r) => {
      const known = r.ok ? r.value.biodata : null;
      const a = known ? applicantFromCard(known) : null;
      if (!a) return;
      setForm((f) => (f.nik === nik && f.nama === '' && f.alamat === '' ? { ...f, nama: a.nama, alamat: a.alamat } : f));
      setFilledFrom('nik');
    });
  };

  // Enter again once saved (the form is locked then): say it is saved once, never send it again.
  useEffect(() => {
    if (!receipt) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Enter' || e.altKey || (e.target instanceof HTMLElement && e.target.closest('button, a, input, select, textarea'))) return;
      setNotice({ kind: 'problem', text: t('work.walkIn.duplicate', { registration: receipt.registrationNo }) });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [receipt, t]);

  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (!service) return;
    if (inFlight.current || receipt) {
      pressedAgain.current = true;
      if (receipt) setNotice({ kind: 'problem', text: t('work.walkIn.duplicate', { registration: receipt.registrationNo }) });
      return;
    }
    const found = formProblems(service, form, todayIso());
    setProblems(found);
    const keys = Object.keys(found);
    if (keys.length > 0) {
      setNotice({ kind: 'problem', text: t('work.walkIn.fix', { count: keys.length }) });
      focusInput(keys[0]!);
      return;
    }
    setSaving(true);
    inFlight.current = true;
    pressedAgain.current = false;
    try {
      const r = await call('desk:submit', draftOf(service, form));
      setReceipt(r);
      setNotice(
        pressedAgain.current
          ? { kind: 'problem', text: t('work.walkIn.duplicate', { registration: r.registrationNo }) }
          : { kind: 'info', text: t('work.walkIn.saved', { queue: r.queueNo }) },
      );
      setPrint('printing');
      void printReceipt(r.submissionId).then(setPrint);
    } catch (err) {
      setNotice({ kind: 'problem', text: await failureText(err, service) });
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  /** Says why the core refused, in the desk's words; a newer form version is taken on, answers kept. */
  const failureText = async (err: unknown, svc: ServiceDefinition): Promise<string> => {
    const code = err instanceof ApiFailure ? err.code : 'internal';
    if (code === 'conflict') {
      const now = await call('catalogue:list', {}).catch(() => null);
      const fresh = now?.services.find((s) => s.id === svc.id);
      if (fresh && fresh.version !== svc.version) {
        setService(fresh);
        setProblems(formProblems(fresh, form, todayIso()));
        return t('work.walkIn.stale', { version: fresh.version });
      }
      return t('work.walkIn.conflict');
    }
    return t('work.walkIn.failed', { message: t(`error.${code}` as 'error.internal') });
  };

  if (!catalogue.data) return null;
  const fields = service ? visibleFields(service, form.answers) : [];
  const locked = receipt !== null;
  return (
    <section className="panel walk-in" aria-labelledby="walk-in-title" data-testid="walk-in">
      <h2 id="walk-in-title">{t('work.walkIn.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="walk-in-form">
        <fieldset disabled={locked}>
          <ServicePicker
            services={catalogue.data.services}
            agencies={catalogue.data.agencies}
            chosen={service}
            onChoose={(s) => {
              setService(s);
              setProblems({});
            }}
          />
        </fieldset>
        {service && (
          <fieldset className="walk-in-grid" disabled={locked}>
            <legend>{t('work.walkIn.applicant')}</legend>
            <p className="hint">{filledFrom === 'card' ? t('work.walkIn.fromCard') : filledFrom === 'nik' ? t('work.walkIn.fromNik') : t('work.walkIn.cardHint')}</p>
            <Text id="walk-in-nik" label={t('work.walkIn.nik')} value={form.nik} max={16} numeric problem={problems['applicant.nik']} onChange={onNik} />
            <Text id="walk-in-nama" label={t('work.walkIn.nama')} value={form.nama} max={120} problem={problems['applicant.nama']} onChange={(v) => set({ nama: v })} />
            <Text id="walk-in-alamat" label={t('work.walkIn.alamat')} value={form.alamat} max={240} problem={problems['applicant.alamat']} onChange={(v) => set({ alamat: v })} />
          </fieldset>
        )}
        {service && fields.length > 0 && (
          <fieldset className="walk-in-grid" disabled={locked}>
            <legend>{t('work.walkIn.answers')}</legend>
            {fields.map((f) => (
              <FieldInput key={f.id} field={f} value={form.answers[f.id] ?? ''} answers={form.answers} problem={problems[f.id]} onChange={(v) => set({ answers: { ...form.answers, [f.id]: v } })} />
            ))}
          </fieldset>
        )}
        {service && (
          <fieldset disabled={locked}>
            {service.requirements.length > 0 && service.requirementsMode === 'checklist' && (
              <div className="requirements">
                <p>{t('work.walkIn.requirements')}</p>
                {service.requirements.map((r) => (
                  <label key={r.id} className="check">
                    <input
                      type="checkbox"
                      checked={form.requirements.includes(r.id)}
                      onChange={(e) => set({ requirements: e.target.checked ? [...form.requirements, r.id] : form.requirements.filter((x) => x !== r.id) })}
                    />{' '}
                    {r.text}
                  </label>
                ))}
              </div>
            )}
            <label className="check">
              <input id="walk-in-consent" type="checkbox" checked={form.consent} onChange={(e) => set({ consent: e.target.checked })} data-testid="walk-in-consent" /> {t('work.walkIn.consent')}
            </label>
            {problems['consent'] && <p className="problem">{t(problems['consent'].key)}</p>}
            <button type="submit" className="primary" disabled={saving} data-testid="walk-in-submit">
              {saving ? t('work.walkIn.saving') : t('work.walkIn.submit')}
            </button>
          </fieldset>
        )}
      </form>
      {notice && (
        <p className={notice.kind === 'problem' ? 'problem' : 'notice'} role={notice.kind === 'problem' ? 'alert' : 'status'} data-testid="walk-in-notice">
          {notice.text}
        </p>
      )}
      {receipt && (
        <div className="walk-in-receipt" data-testid="walk-in-receipt">
          <dl>
            <dt>{t('work.request.queue')}</dt>
            <dd className="mono" data-testid="walk-in-queue">
              {receipt.queueNo}
            </dd>
            <dt>{t('work.walkIn.registration')}</dt>
            <dd className="mono" data-testid="walk-in-registration">
              {receipt.registrationNo}
            </dd>
            <dt>{t('work.walkIn.tracking')}</dt>
            <dd className="mono">{receipt.trackingCode}</dd>
          </dl>
          <p data-testid="walk-in-print" data-state={print ?? ''}>
            {print === 'printing' ? t('work.walkIn.printing') : print === 'printed' ? t('work.walkIn.printed') : t('work.walkIn.printFailed')}
          </p>
          <button type="button" onClick={() => nav.open('inbox', receipt.submissionId)} data-testid="walk-in-open">
            {t('work.walkIn.open')}
          </button>{' '}
          <button type="button" onClick={() => nav.open('walk-in')}>
            {t('work.walkIn.again')}
          </button>
        </div>
      )}
    </section>
  );
}

function focusInput(key: string): void {
  const id = key === 'consent' ? 'walk-in-consent' : key.startsWith('applicant.') ? `walk-in-${key.slice(10)}` : `f-${key}`;
  document.getElementById(id)?.focus();
}

function Text(props: { id: string; label: string; value: string; max: number; numeric?: boolean; problem?: AnswerProblem; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <div className={`desk-field ${props.problem ? 'has-problem' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        autoComplete="off"
        inputMode={props.numeric ? 'numeric' : undefined}
        maxLength={props.max}
        value={props.value}
        aria-invalid={props.problem ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.id}
      />
      {props.problem && (
        <p className="problem" role="alert">
          {t(props.problem.key, props.problem.values)}
        </p>
      )}
    </div>
  );
}
