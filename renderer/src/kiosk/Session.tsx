import { useCallback, useEffect, useRef, useState } from 'react';
import type { Applicant, KioskReceipt, KioskStatusView } from '../../../shared/api/calls/kiosk.js';
import { answerLabel, checkNikInput, validateAnswer, visibleFields, type AnswerProblem, type Answers } from '../../../shared/catalogue/answers.js';
import { CONSENT_VERSION } from '../../../shared/catalogue/consent.js';
import type { Field, ServiceDefinition } from '../../../shared/catalogue/schema.js';
import { SKM_UNSUR, skmAnswerKey, skmQuestionKey, type SkmUnsur } from '../../../shared/catalogue/skm.js';
import { desaOf, kecamatanList } from '../../../shared/domain/wilayah.js';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { api, call } from '../api/client.js';
import { NumericKeypad } from '../components/NumericKeypad.js';
import { OnScreenKeyboard } from '../components/OnScreenKeyboard.js';
import { useI18n } from '../i18n/i18n.js';
import { addressOf, onCardRead, printReceipt, type CardRead } from './devices.js';
import { CardTapIcon, ServiceIcon } from './icons.js';
import { useSpeak, useVoice } from './voice.js';

export type Screen =
  | 'welcome'
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
  | 'status';

/** Screens on which a tapped e-KTP is acted upon; anywhere else a card read is ignored. */
const CARD_SCREENS: Screen[] = ['welcome', 'identity', 'nik', 'status'];

interface Step {
  screen: Screen;
  fieldIndex: number;
}

const SERVICES_PER_PAGE = 6;

export interface SessionProps {
  services: ServiceDefinition[];
  onScreen: (screen: Screen) => void;
  /** The resident is finished: wipe everything. */
  onFinished: () => void;
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * One resident's visit. Everything personal lives only in this component's state; the kiosk
 * root remounts it with a new key to wipe the session.
 */
export function KioskSession({ services, onScreen, onFinished }: SessionProps) {
  const [step, setStep] = useState<Step>({ screen: 'welcome', fieldIndex: 0 });
  const [stack, setStack] = useState<Step[]>([]);
  const [mode, setMode] = useState<'apply' | 'complaint'>('apply');
  const [service, setService] = useState<ServiceDefinition>();
  const [applicant, setApplicant] = useState<Applicant>();
  const [answers, setAnswers] = useState<Answers>({});
  const [checked, setChecked] = useState<string[]>([]);
  const [receipt, setReceipt] = useState<KioskReceipt>();
  const [nikDraft, setNikDraft] = useState('');
  const [nameDraft, setNameDraft] = useState('');
  const [addressDraft, setAddressDraft] = useState('');
  const [cardError, setCardError] = useState(false);
  const [statusCard, setStatusCard] = useState<string>();

  useEffect(() => onScreen(step.screen), [step.screen, onScreen]);

  const go = useCallback((screen: Screen, fieldIndex = 0) => {
    setStack((s) => [...s, step]);
    setStep({ screen, fieldIndex });
  }, [step]);
  const replace = (screen: Screen, fieldIndex = 0): void => {
    setStack([]);
    setStep({ screen, fieldIndex });
  };
  const back = (): void => {
    const prev = stack[stack.length - 1];
    if (!prev) return onFinished();
    setStack(stack.slice(0, -1));
    setStep(prev);
  };

  // A tapped card, only where a card is expected.
  const stepRef = useRef(step);
  stepRef.current = step;
  useEffect(
    () =>
      onCardRead((card: CardRead) => {
        const screen = stepRef.current.screen;
        if (!CARD_SCREENS.includes(screen)) return;
        if (screen === 'status') {
          setStatusCard(card.biodata.nik);
          return;
        }
        const b = card.biodata;
        if (!b.nama || !b.alamat) {
          setCardError(true);
          return;
        }
        setCardError(false);
        setApplicant({
          nik: b.nik,
          nama: b.nama,
          alamat: addressOf(b),
          source: 'card',
          ...(b.tempatLahir ? { tempatLahir: b.tempatLahir } : {}),
          ...(b.tanggalLahir ? { tanggalLahir: b.tanggalLahir } : {}),
          ...(b.jenisKelamin ? { jenisKelamin: b.jenisKelamin } : {}),
          ...(b.rt ? { rt: b.rt } : {}),
          ...(b.rw ? { rw: b.rw } : {}),
          ...(b.kelDesa ? { kelDesa: b.kelDesa } : {}),
          ...(b.kecamatan ? { kecamatan: b.kecamatan } : {}),
        });
        setStack((s) => [...s, stepRef.current]);
        setStep({ screen: 'confirm', fieldIndex: 0 });
      }),
    [],
  );

  const chooseService = (svc: ServiceDefinition): void => {
    setService(svc);
    setAnswers({});
    setChecked([]);
    go(applicant ? 'form' : 'identity');
  };
  const afterConfirm = (): void => {
    if (!service) go('services');
    else go('form');
  };
  const fields = service ? visibleFields(service, answers) : [];
  const nextAfterField = (index: number, newAnswers: Answers): void => {
    const list = service ? visibleFields(service, newAnswers) : [];
    if (index + 1 < list.length) go('form', index + 1);
    else go('requirements');
  };

  switch (step.screen) {
    case 'welcome':
      return (
        <Welcome
          cardError={cardError}
          onApply={() => {
            setMode('apply');
            go('services');
          }}
          onStatus={() => go('status')}
          onComplaint={() => {
            setMode('complaint');
            go('services');
          }}
          onNik={() => {
            setMode('apply');
            go('nik');
          }}
        />
      );
    case 'services':
    case 'search': {
      const list = services.filter((s) => (mode === 'complaint' ? s.kind === 'complaint' : s.kind === 'request'));
      return (
        <ServiceList
          services={list}
          title={mode === 'complaint' ? 'kiosk.services.complaintTitle' : 'kiosk.services.title'}
          searching={step.screen === 'search'}
          onSearch={() => go('search')}
          onChoose={chooseService}
          onBack={back}
        />
      );
    }
    case 'identity':
      return <Identity cardError={cardError} onNik={() => go('nik')} onBack={back} />;
    case 'nik':
      return (
        <NikEntry
          value={nikDraft}
          onChange={setNikDraft}
          onBack={back}
          onDone={async (nik) => {
            const res = await api.invoke('card:manual', { nik });
            const partial = res.ok ? res.value.biodata : null;
            if (partial?.nama && partial.alamat) {
              setApplicant({ nik, nama: partial.nama, alamat: addressOf(partial), source: 'manual' });
              go('confirm');
            } else {
              setApplicant(undefined);
              go('name');
            }
          }}
        />
      );
    case 'name':
      return (
        <TextEntry
          title="kiosk.name.title"
          speak="kiosk.name.speak"
          testId="name-input"
          value={nameDraft}
          onChange={setNameDraft}
          min={3}
          problem="validate.name"
          onBack={back}
          onDone={() => go('address')}
        />
      );
    case 'address':
      return (
        <TextEntry
          title="kiosk.address.title"
          speak="kiosk.address.speak"
          testId="address-input"
          value={addressDraft}
          onChange={setAddressDraft}
          min={5}
          problem="validate.address"
          onBack={back}
          onDone={() => {
            setApplicant({ nik: nikDraft, nama: nameDraft.trim(), alamat: addressDraft.trim(), source: 'manual' });
            go('confirm');
          }}
        />
      );
    case 'confirm':
      return applicant ? (
        <Confirm
          applicant={applicant}
          onYes={afterConfirm}
          onNo={() => {
            setApplicant(undefined);
            setNikDraft('');
            setNameDraft('');
            setAddressDraft('');
            replace(service ? 'identity' : 'welcome');
          }}
          onBack={back}
        />
      ) : null;
    case 'form': {
      const field = fields[step.fieldIndex];
      if (!service || !field) return null;
      return (
        <Question
          key={`${field.id}-${step.fieldIndex}`}
          service={service}
          field={field}
          index={step.fieldIndex}
          total={fields.length}
          answers={answers}
          onAnswer={(value) => {
            const next = { ...answers, [field.id]: value };
            setAnswers(next);
            nextAfterField(step.fieldIndex, next);
          }}
          onBack={back}
        />
      );
    }
    case 'requirements':
      return service ? (
        <Requirements
          service={service}
          checked={checked}
          onToggle={(id) => setChecked((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]))}
          onNext={() => go('consent')}
          onBack={back}
        />
      ) : null;
    case 'consent':
      return <Consent onAgree={() => go('review')} onBack={back} />;
    case 'review':
      return service && applicant ? (
        <Review
          service={service}
          applicant={applicant}
          answers={answers}
          onEdit={(i) => go('form', i)}
          onBack={back}
          onSubmit={async (id) => {
            const r = await call('kiosk:submit', {
              id,
              serviceId: service.id,
              serviceVersion: service.version,
              applicant,
              answers,
              requirementsChecked: checked,
              consent: { accepted: true, statementVersion: CONSENT_VERSION },
            });
            setReceipt(r);
            replace('receipt');
          }}
        />
      ) : null;
    case 'receipt':
      return receipt ? <Receipt receipt={receipt} onNext={() => replace('survey')} /> : null;
    case 'survey':
      return <Survey receipt={receipt} onDone={() => replace('done')} />;
    case 'done':
      return <Done onFinish={onFinished} />;
    case 'status':
      return <StatusCheck cardNik={statusCard} onBack={back} onHome={onFinished} />;
  }
}

/* ----------------------------------------------------------------------------------------- */

function Nav({ onBack, children }: { onBack?: () => void; children?: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="nav-row">
      {onBack ? (
        <button type="button" className="btn btn-secondary" onClick={onBack} data-testid="back">
          <span aria-hidden="true">← </span>
          {t('kiosk.nav.back')}
        </button>
      ) : (
        <span />
      )}
      {children}
    </div>
  );
}

function Problem({ problem }: { problem: AnswerProblem | undefined }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const text = problem ? t(problem.key, problem.values) : '';
  useEffect(() => {
    if (problem) say([problem.values ? { text } : { key: problem.key, text }]);
  }, [text, problem, say]);
  if (!problem) return null;
  return (
    <p className="problem" role="alert" data-testid="problem">
      <span aria-hidden="true">⚠ </span>
      {text}
    </p>
  );
}

function Welcome(props: { cardError: boolean; onApply: () => void; onStatus: () => void; onComplaint: () => void; onNik: () => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.welcome.speak', text: t('kiosk.welcome.speak') }]);
  return (
    <section className="screen screen-welcome" data-screen="welcome">
      <h2>{t('kiosk.welcome.title')}</h2>
      <div className="card-prompt" data-testid="card-prompt">
        <CardTapIcon />
        <p className="lead">{t('kiosk.welcome.card')}</p>
      </div>
      {props.cardError && <Problem problem={{ key: 'kiosk.card.failed' }} />}
      <p className="or">{t('kiosk.welcome.or')}</p>
      <button type="button" className="btn btn-secondary btn-wide" onClick={props.onNik} data-testid="welcome-nik">
        {t('kiosk.welcome.nik')}
      </button>
      <div className="big-buttons">
        <button type="button" className="btn btn-primary btn-huge" onClick={props.onApply} data-testid="welcome-apply">
          {t('kiosk.btn.apply')}
        </button>
        <button type="button" className="btn btn-primary btn-huge" onClick={props.onStatus} data-testid="welcome-status">
          {t('kiosk.btn.status')}
        </button>
        <button type="button" className="btn btn-primary btn-huge" onClick={props.onComplaint} data-testid="welcome-complaint">
          {t('kiosk.btn.complaint')}
        </button>
      </div>
    </section>
  );
}

function ServiceList(props: {
  services: ServiceDefinition[];
  title: MessageKey;
  searching: boolean;
  onSearch: () => void;
  onChoose: (s: ServiceDefinition) => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  useSpeak([{ key: 'kiosk.services.speak', text: t('kiosk.services.speak') }]);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  // The catalogue comes sorted by agency order, then by each service's order.
  const agencyOrder = [...new Set(props.services.map((s) => s.agency))];
  const ordered = props.services;
  const matching = ordered.filter((s) => words.every((w) => `${s.title} ${s.summary} ${s.id}`.toLowerCase().includes(w)));
  // While searching, the keyboard takes half the screen: fewer results per page, so nothing needs scrolling.
  const perPage = props.searching ? 2 : SERVICES_PER_PAGE;
  const pages = Math.max(1, Math.ceil(matching.length / perPage));
  const current = Math.min(page, pages - 1);
  const shown = matching.slice(current * perPage, (current + 1) * perPage);
  const groups = agencyOrder.map((opd) => ({ opd, items: shown.filter((s) => s.agency === opd) })).filter((g) => g.items.length > 0);
  return (
    <section className="screen screen-services" data-screen={props.searching ? 'search' : 'services'}>
      <h2>{t(props.title)}</h2>
      {props.searching ? (
        <>
          <label className="field-label" htmlFor="service-search">
            {t('kiosk.services.searchLabel')}
          </label>
          <output id="service-search" className="entry" data-testid="search-input">
            {query || ' '}
          </output>
          <OnScreenKeyboard
            value={query}
            onChange={(v) => {
              setQuery(v);
              setPage(0);
            }}
            maxLength={40}
          />
        </>
      ) : (
        props.services.length > SERVICES_PER_PAGE && (
          <button type="button" className="btn btn-secondary btn-wide" onClick={props.onSearch} data-testid="service-search">
            <span aria-hidden="true">⌕ </span>
            {t('kiosk.services.search')}
          </button>
        )
      )}
      {matching.length === 0 && <Problem problem={{ key: props.services.length === 0 ? 'kiosk.services.unavailable' : 'kiosk.services.none' }} />}
      <div className="service-groups">
        {groups.map((g) => (
          <div className="service-group" key={g.opd}>
            <h3>{t(`opd.${g.opd}` as MessageKey)}</h3>
            <ul className="service-list">
              {g.items.map((s) => (
                <li key={s.id}>
                  <button type="button" className="service-card" onClick={() => props.onChoose(s)} data-testid={`service-${s.id}`}>
                    <ServiceIcon name={s.icon} />
                    <span className="service-text">
                      <span className="service-title">{s.title}</span>
                      <span className="service-summary">{s.summary}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {pages > 1 && (
        <div className="pager">
          <button type="button" className="btn btn-secondary" disabled={current === 0} onClick={() => setPage(current - 1)} data-testid="page-prev">
            <span aria-hidden="true">▲ </span>
            {t('kiosk.page.prev')}
          </button>
          <span className="pager-label">{t('kiosk.page.of', { n: current + 1, total: pages })}</span>
          <button type="button" className="btn btn-secondary" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} data-testid="page-next">
            <span aria-hidden="true">▼ </span>
            {t('kiosk.page.next')}
          </button>
        </div>
      )}
      <Nav onBack={props.onBack} />
    </section>
  );
}

function Identity({ cardError, onNik, onBack }: { cardError: boolean; onNik: () => void; onBack: () => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.identity.speak', text: t('kiosk.identity.speak') }]);
  return (
    <section className="screen" data-screen="identity">
      <h2>{t('kiosk.identity.title')}</h2>
      <div className="card-prompt">
        <CardTapIcon />
        <p className="lead">{t('kiosk.welcome.card')}</p>
      </div>
      {cardError && <Problem problem={{ key: 'kiosk.card.failed' }} />}
      <p className="or">{t('kiosk.welcome.or')}</p>
      <button type="button" className="btn btn-primary btn-wide" onClick={onNik} data-testid="identity-nik">
        {t('kiosk.identity.typeNik')}
      </button>
      <Nav onBack={onBack} />
    </section>
  );
}

function NikEntry(props: { value: string; onChange: (v: string) => void; onDone: (nik: string) => Promise<void>; onBack: () => void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<AnswerProblem>();
  useSpeak([{ key: 'kiosk.nik.speak', text: t('kiosk.nik.speak') }]);
  const grouped = props.value.replace(/(\d{4})(?=\d)/g, '$1 ');
  return (
    <section className="screen" data-screen="nik">
      <h2>{t('kiosk.nik.title')}</h2>
      <output className="entry entry-digits" data-testid="nik-input" aria-label={t('kiosk.confirm.nik')}>
        {grouped || ' '}
      </output>
      <p className="hint">{t('kiosk.nik.count', { count: props.value.length })}</p>
      <Problem problem={problem} />
      <NumericKeypad
        value={props.value}
        onChange={(v) => {
          setProblem(undefined);
          props.onChange(v);
        }}
        maxLength={16}
      />
      <Nav onBack={props.onBack}>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="next"
          onClick={() => {
            const p = checkNikInput(props.value);
            if (p) setProblem(p);
            else void props.onDone(props.value);
          }}
        >
          {t('kiosk.nav.next')}
          <span aria-hidden="true"> →</span>
        </button>
      </Nav>
    </section>
  );
}

function TextEntry(props: {
  title: MessageKey;
  speak: MessageKey;
  testId: string;
  value: string;
  onChange: (v: string) => void;
  min: number;
  problem: MessageKey;
  onDone: () => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<AnswerProblem>();
  useSpeak([{ key: props.speak, text: t(props.speak) }]);
  return (
    <section className="screen" data-screen={props.testId.replace('-input', '')}>
      <h2>{t(props.title)}</h2>
      <output className="entry" data-testid={props.testId}>
        {props.value || ' '}
      </output>
      <Problem problem={problem} />
      <OnScreenKeyboard
        value={props.value}
        onChange={(v) => {
          setProblem(undefined);
          props.onChange(v);
        }}
        maxLength={120}
      />
      <Nav onBack={props.onBack}>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="next"
          onClick={() => (props.value.trim().length < props.min ? setProblem({ key: props.problem }) : props.onDone())}
        >
          {t('kiosk.nav.next')}
          <span aria-hidden="true"> →</span>
        </button>
      </Nav>
    </section>
  );
}

function Confirm({ applicant, onYes, onNo, onBack }: { applicant: Applicant; onYes: () => void; onNo: () => void; onBack: () => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.confirm.speak', text: t('kiosk.confirm.speak') }]);
  const outside = !applicant.nik.startsWith('3604');
  return (
    <section className="screen" data-screen="confirm">
      <h2>{t('kiosk.confirm.title')}</h2>
      <dl className="facts" data-testid="applicant">
        <dt>{t('kiosk.confirm.name')}</dt>
        <dd data-testid="applicant-name">{applicant.nama}</dd>
        <dt>{t('kiosk.confirm.address')}</dt>
        <dd data-testid="applicant-address">{applicant.alamat}</dd>
        <dt>{t('kiosk.confirm.nik')}</dt>
        <dd className="mono">{applicant.nik.replace(/(\d{4})(?=\d)/g, '$1 ')}</dd>
      </dl>
      <p className="hint" data-testid="identity-source">
        {t(applicant.source === 'card' ? 'kiosk.confirm.fromCard' : 'kiosk.confirm.typed')}
      </p>
      {outside && <p className="hint">{t('kiosk.nik.warnRegion')}</p>}
      <div className="choice-row">
        <button type="button" className="btn btn-secondary" onClick={onNo} data-testid="confirm-no">
          {t('kiosk.confirm.no')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onYes} data-testid="confirm-yes">
          <span aria-hidden="true">✓ </span>
          {t('kiosk.confirm.yes')}
        </button>
      </div>
      <Nav onBack={onBack} />
    </section>
  );
}

function Question(props: {
  service: ServiceDefinition;
  field: Field;
  index: number;
  total: number;
  answers: Answers;
  onAnswer: (value: string) => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const { field } = props;
  const initial = props.answers[field.id] ?? '';
  const [draft, setDraft] = useState(field.type === 'date' && initial ? initial.split('-').reverse().join('') : initial);
  const [problem, setProblem] = useState<AnswerProblem>();
  const [page, setPage] = useState(0);
  const prompts = [{ text: field.label }, ...(field.help ? [{ text: field.help }] : [])];
  useSpeak(prompts);

  const submit = (value: string): void => {
    const p = validateAnswer(field, value, props.answers, todayIso());
    if (p) setProblem(p);
    else props.onAnswer(value.trim());
  };
  const choices: { value: string; label: string }[] | undefined =
    field.type === 'select'
      ? field.options
      : field.type === 'yesno'
        ? [
            { value: 'ya', label: t('kiosk.form.yes') },
            { value: 'tidak', label: t('kiosk.form.no') },
          ]
        : field.type === 'kecamatan'
          ? kecamatanList().map((r) => ({ value: r.code, label: r.name }))
          : field.type === 'desa'
            ? desaOf(props.answers[field.kecamatanField ?? ''] ?? '').map((r) => ({ value: r.code, label: r.name }))
            : undefined;
  const perPage = field.type === 'kecamatan' || field.type === 'desa' ? 12 : 8;
  const pages = choices ? Math.max(1, Math.ceil(choices.length / perPage)) : 1;
  const numeric = field.type === 'number' || field.type === 'nik' || field.type === 'phone' || field.type === 'date';
  const display = field.type === 'date' ? formatDateDraft(draft) : draft;

  return (
    <section className="screen" data-screen="form" data-field={field.id}>
      <p className="step">{t('kiosk.form.step', { n: props.index + 1, total: props.total })}</p>
      <h2 id={`q-${field.id}`}>{field.label}</h2>
      {field.help && <p className="help">{field.help}</p>}
      {!field.required && <p className="hint">{t('kiosk.form.optional')}</p>}
      {field.type === 'date' && <p className="hint">{t('kiosk.form.dateHelp')}</p>}
      <Problem problem={problem} />
      {choices ? (
        <>
          <ul className={`choices ${perPage === 12 ? 'choices-grid' : ''}`} aria-labelledby={`q-${field.id}`}>
            {choices.slice(page * perPage, (page + 1) * perPage).map((o) => (
              <li key={o.value}>
                <button
                  type="button"
                  className="choice"
                  aria-pressed={initial === o.value}
                  onClick={() => submit(o.value)}
                  data-testid={`choice-${o.value}`}
                >
                  <span className="choice-mark" aria-hidden="true">{initial === o.value ? '●' : '○'}</span>
                  {o.label}
                  {initial === o.value && <span className="sr-note"> ({t('kiosk.form.chosen')})</span>}
                </button>
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <div className="pager">
              <button type="button" className="btn btn-secondary" disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="page-prev">
                <span aria-hidden="true">▲ </span>
                {t('kiosk.page.prev')}
              </button>
              <span className="pager-label">{t('kiosk.page.of', { n: page + 1, total: pages })}</span>
              <button type="button" className="btn btn-secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)} data-testid="page-next">
                <span aria-hidden="true">▼ </span>
                {t('kiosk.page.next')}
              </button>
            </div>
          )}
          <Nav onBack={props.onBack}>
            {!field.required && (
              <button type="button" className="btn btn-primary" onClick={() => props.onAnswer('')} data-testid="next">
                {t('kiosk.nav.next')}
                <span aria-hidden="true"> →</span>
              </button>
            )}
          </Nav>
        </>
      ) : (
        <>
          <output className={`entry ${numeric ? 'entry-digits' : ''} ${field.type === 'textarea' ? 'entry-long' : ''}`} data-testid="answer-input">
            {display || ' '}
          </output>
          {numeric ? (
            <NumericKeypad
              value={draft}
              onChange={(v) => {
                setProblem(undefined);
                setDraft(v);
              }}
              maxLength={field.type === 'date' ? 8 : field.type === 'nik' ? 16 : field.type === 'phone' ? 14 : 6}
            />
          ) : (
            <OnScreenKeyboard
              value={draft}
              onChange={(v) => {
                setProblem(undefined);
                setDraft(v);
              }}
              maxLength={field.validation?.maxLength ?? (field.type === 'textarea' ? 1000 : 120)}
            />
          )}
          <Nav onBack={props.onBack}>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="next"
              onClick={() => submit(field.type === 'date' ? dateDraftToIso(draft) : draft)}
            >
              {t('kiosk.nav.next')}
              <span aria-hidden="true"> →</span>
            </button>
          </Nav>
        </>
      )}
    </section>
  );
}

function formatDateDraft(d: string): string {
  const p = d.padEnd(8, '_');
  return d ? `${p.slice(0, 2)}-${p.slice(2, 4)}-${p.slice(4, 8)}` : '';
}
function dateDraftToIso(d: string): string {
  if (d.length === 0) return '';
  if (d.length !== 8) return 'invalid';
  return `${d.slice(4, 8)}-${d.slice(2, 4)}-${d.slice(0, 2)}`;
}

function Requirements(props: { service: ServiceDefinition; checked: string[]; onToggle: (id: string) => void; onNext: () => void; onBack: () => void }) {
  const { t } = useI18n();
  const info = props.service.requirementsMode === 'info';
  useSpeak([
    { key: info ? 'kiosk.req.speakInfo' : 'kiosk.req.speak', text: t(info ? 'kiosk.req.speakInfo' : 'kiosk.req.speak') },
    ...props.service.requirements.map((r) => ({ text: r.text })),
  ]);
  const missing = props.service.requirements.some((r) => !r.optional && !props.checked.includes(r.id));
  return (
    <section className="screen" data-screen="requirements">
      <h2>{t('kiosk.req.title')}</h2>
      {props.service.requirements.length === 0 && <p className="lead">{t('kiosk.req.none')}</p>}
      <ul className="requirements">
        {props.service.requirements.map((r) =>
          info ? (
            <li key={r.id} className="requirement-info">
              <span aria-hidden="true">• </span>
              {r.text}
            </li>
          ) : (
            <li key={r.id}>
              <button
                type="button"
                className="requirement"
                aria-pressed={props.checked.includes(r.id)}
                onClick={() => props.onToggle(r.id)}
                data-testid={`req-${r.id}`}
              >
                <span className="req-box" aria-hidden="true">{props.checked.includes(r.id) ? '☑' : '☐'}</span>
                <span className="req-text">
                  {r.text}
                  <span className="req-state">{props.checked.includes(r.id) ? t('kiosk.req.have') : t('kiosk.req.haveNot')}</span>
                </span>
              </button>
            </li>
          ),
        )}
      </ul>
      {!info && missing && <p className="hint">{t('kiosk.req.missing')}</p>}
      <Nav onBack={props.onBack}>
        <button type="button" className="btn btn-primary" onClick={props.onNext} data-testid="next">
          {t('kiosk.nav.next')}
          <span aria-hidden="true"> →</span>
        </button>
      </Nav>
    </section>
  );
}

function Consent({ onAgree, onBack }: { onAgree: () => void; onBack: () => void }) {
  const { t } = useI18n();
  const [refused, setRefused] = useState(false);
  useSpeak([
    { key: 'kiosk.consent.text', text: t('kiosk.consent.text') },
    { key: 'kiosk.consent.question', text: t('kiosk.consent.question') },
  ]);
  return (
    <section className="screen" data-screen="consent">
      <h2>{t('kiosk.consent.title')}</h2>
      <p className="statement" data-testid="consent-text" data-version={CONSENT_VERSION}>
        {t('kiosk.consent.text')}
      </p>
      <p className="lead">{t('kiosk.consent.question')}</p>
      {refused && <Problem problem={{ key: 'kiosk.consent.refused' }} />}
      <div className="choice-row">
        <button type="button" className="btn btn-secondary" onClick={() => setRefused(true)} data-testid="consent-no">
          {t('kiosk.consent.disagree')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onAgree} data-testid="consent-yes">
          <span aria-hidden="true">✓ </span>
          {t('kiosk.consent.agree')}
        </button>
      </div>
      <Nav onBack={onBack} />
    </section>
  );
}

function Review(props: {
  service: ServiceDefinition;
  applicant: Applicant;
  answers: Answers;
  onEdit: (index: number) => void;
  onSubmit: (id: string) => Promise<void>;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const id = useRef(crypto.randomUUID());
  useSpeak([{ key: 'kiosk.review.speak', text: t('kiosk.review.speak') }]);
  const fields = visibleFields(props.service, props.answers);
  return (
    <section className="screen" data-screen="review">
      <h2>{t('kiosk.review.title')}</h2>
      <dl className="facts">
        <dt>{t('kiosk.review.service')}</dt>
        <dd data-testid="review-service">{props.service.title}</dd>
        <dt>{t('kiosk.review.applicant')}</dt>
        <dd>{props.applicant.nama}</dd>
      </dl>
      <ul className="review-list">
        {fields.map((f, i) => (
          <li key={f.id}>
            <span className="review-q">{f.label}</span>
            <span className="review-a">{props.answers[f.id] ? answerLabel(f, props.answers[f.id]!) : '–'}</span>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => props.onEdit(i)} data-testid={`edit-${f.id}`}>
              {t('kiosk.review.edit')}
            </button>
          </li>
        ))}
      </ul>
      {busy && <p className="lead" role="status">{t('kiosk.review.busy')}</p>}
      {failed && <Problem problem={{ key: 'kiosk.review.failed' }} />}
      <Nav onBack={busy ? undefined : props.onBack}>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          data-testid="submit"
          onClick={() => {
            setBusy(true);
            setFailed(false);
            props.onSubmit(id.current).catch(() => {
              setBusy(false);
              setFailed(true);
            });
          }}
        >
          {t('kiosk.review.submit')}
          <span aria-hidden="true"> ✓</span>
        </button>
      </Nav>
    </section>
  );
}

function Receipt({ receipt, onNext }: { receipt: KioskReceipt; onNext: () => void }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const [print, setPrint] = useState<'printing' | 'printed' | 'failed'>('printing');
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void printReceipt(receipt.submissionId).then(setPrint);
  }, [receipt]);
  useEffect(() => {
    const main = { text: t('kiosk.receipt.speak', { queue: receipt.queueNo.replace('-', ' ') }) };
    if (print === 'printing') say([main]);
    else say([{ key: print === 'printed' ? 'kiosk.receipt.printed' : 'kiosk.receipt.printFailed', text: t(print === 'printed' ? 'kiosk.receipt.printed' : 'kiosk.receipt.printFailed') }]);
  }, [print, receipt, say, t]);
  return (
    <section className="screen" data-screen="receipt">
      <h2>
        <span aria-hidden="true">✓ </span>
        {t('kiosk.receipt.title')}
      </h2>
      <p className="queue-label">{t('kiosk.receipt.queue')}</p>
      <p className="queue-no" data-testid="queue-no">{receipt.queueNo}</p>
      <dl className="facts">
        <dt>{t('kiosk.review.service')}</dt>
        <dd>{receipt.serviceTitle}</dd>
        <dt>{t('kiosk.receipt.registration')}</dt>
        <dd className="mono" data-testid="registration-no">{receipt.registrationNo}</dd>
        <dt>{t('kiosk.receipt.tracking')}</dt>
        <dd className="mono" data-testid="tracking-code">{receipt.trackingCode}</dd>
      </dl>
      <p className="lead">{t('kiosk.receipt.sla', { text: receipt.sla })}</p>
      <p>{receipt.completion === 'forward' && receipt.forwardTo ? t('kiosk.receipt.forward', { opd: receipt.forwardTo }) : t('kiosk.receipt.desa')}</p>
      {print === 'printing' && <p className="lead" role="status" data-testid="print-state" data-state="printing">{t('kiosk.receipt.printing')}</p>}
      {print === 'printed' && (
        <p className="lead ok" role="status" data-testid="print-state" data-state="printed">
          <span aria-hidden="true">✓ </span>
          {t('kiosk.receipt.printed')}
        </p>
      )}
      {print === 'failed' && (
        <p className="problem" role="alert" data-testid="print-state" data-state="failed">
          <span aria-hidden="true">⚠ </span>
          {t('kiosk.receipt.printFailed')}
        </p>
      )}
      <Nav>
        <button type="button" className="btn btn-primary" onClick={onNext} disabled={print === 'printing'} data-testid="next">
          {t('kiosk.receipt.next')}
          <span aria-hidden="true"> →</span>
        </button>
      </Nav>
    </section>
  );
}

function Survey({ receipt, onDone }: { receipt: KioskReceipt | undefined; onDone: () => void }) {
  const { t } = useI18n();
  const [index, setIndex] = useState(-1);
  const [scores, setScores] = useState<Partial<Record<SkmUnsur, 1 | 2 | 3 | 4>>>({});
  const id = useRef(crypto.randomUUID());
  const u = index >= 0 ? SKM_UNSUR[index] : undefined;
  const speakKey = u ? skmQuestionKey(u) : 'kiosk.survey.speak';
  useSpeak([{ key: speakKey, text: t(speakKey) }]);
  if (!u) {
    return (
      <section className="screen" data-screen="survey">
        <h2>{t('kiosk.survey.title')}</h2>
        <p className="lead">{t('kiosk.survey.speak')}</p>
        <div className="choice-row">
          <button type="button" className="btn btn-secondary" onClick={onDone} data-testid="survey-skip">
            {t('kiosk.survey.skip')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setIndex(0)} data-testid="survey-start">
            {t('kiosk.survey.start')}
          </button>
        </div>
      </section>
    );
  }
  const answer = (score: 1 | 2 | 3 | 4): void => {
    const next = { ...scores, [u]: score };
    setScores(next);
    if (index + 1 < SKM_UNSUR.length) {
      setIndex(index + 1);
      return;
    }
    void call('kiosk:survey', {
      id: id.current,
      serviceId: receipt?.serviceId ?? 'umum',
      ...(receipt ? { submissionId: receipt.submissionId } : {}),
      scores: next,
    }).finally(onDone);
  };
  return (
    <section className="screen" data-screen="survey" data-unsur={u}>
      <p className="step">{t('kiosk.survey.step', { n: index + 1 })}</p>
      <h2>{t(skmQuestionKey(u))}</h2>
      <ul className="choices">
        {([4, 3, 2, 1] as const).map((score) => (
          <li key={score}>
            <button type="button" className="choice" onClick={() => answer(score)} data-testid={`skm-${score}`}>
              <span className="choice-mark" aria-hidden="true">{'★'.repeat(score)}</span>
              {t(skmAnswerKey(u, score))}
            </button>
          </li>
        ))}
      </ul>
      <Nav onBack={() => setIndex(index - 1)} />
    </section>
  );
}

function Done({ onFinish }: { onFinish: () => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.done.speak', text: t('kiosk.done.speak') }]);
  useEffect(() => {
    const timer = setTimeout(onFinish, 10_000);
    return () => clearTimeout(timer);
  }, [onFinish]);
  return (
    <section className="screen" data-screen="done">
      <h2>{t('kiosk.done.title')}</h2>
      <p className="lead">{t('kiosk.done.text')}</p>
      <button type="button" className="btn btn-primary btn-huge" onClick={onFinish} data-testid="done">
        {t('kiosk.done.home')}
      </button>
    </section>
  );
}

const TIMELINE: SubmissionStatus[] = ['received', 'sent', 'accepted', 'processing', 'done'];

function StatusCheck({ cardNik, onBack, onHome }: { cardNik: string | undefined; onBack: () => void; onHome: () => void }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const [code, setCode] = useState('');
  const [view, setView] = useState<KioskStatusView>();
  const [problem, setProblem] = useState<AnswerProblem>();
  const codeRef = useRef(code);
  codeRef.current = code;
  useSpeak(view ? [] : [{ key: 'kiosk.status.speak', text: t('kiosk.status.speak') }]);

  const search = useCallback(
    async (value: string, nik?: string) => {
      if (value.trim() === '') {
        setProblem({ key: 'kiosk.status.empty' });
        return;
      }
      try {
        const v = await call('kiosk:status', nik ? { code: value, cardNik: nik } : { code: value });
        setProblem(undefined);
        setView(v);
        say([{ text: t('kiosk.status.resultSpeak', { status: t(`status.${v.status}` as MessageKey) }) }]);
      } catch {
        setView(undefined);
        setProblem({ key: 'kiosk.status.notFound' });
      }
    },
    [say, t],
  );

  // A keyboard-wedge QR scanner "types" the code and presses Enter.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Enter') {
        void search(codeRef.current);
      } else if (/^[0-9A-Za-z-]$/.test(e.key)) {
        setCode((c) => (c + e.key.toUpperCase()).slice(0, 40));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [search]);

  // A card tapped on this screen may reveal the applicant's full identity, if it matches.
  useEffect(() => {
    if (cardNik && view) void search(view.trackingCode, cardNik);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cardNik]);

  if (view) {
    const finalStep: SubmissionStatus = view.status === 'rejected' ? 'rejected' : 'done';
    const steps = [...TIMELINE.slice(0, 4), finalStep];
    const reached = (s: SubmissionStatus): boolean => view.history.some((h) => h.status === s) || s === view.status;
    const note = [...view.history].reverse().find((h) => h.note)?.note;
    const when = (iso: string): string => new Date(iso).toLocaleString('id-ID', { dateStyle: 'medium', timeStyle: 'short' });
    return (
      <section className="screen" data-screen="status-result">
        <h2>{t('kiosk.status.result')}</h2>
        <dl className="facts">
          <dt>{t('kiosk.status.registration')}</dt>
          <dd className="mono" data-testid="status-registration">{view.registrationNo}</dd>
          <dt>{t('kiosk.status.service')}</dt>
          <dd data-testid="status-service">{view.serviceTitle}</dd>
          <dt>{t('kiosk.status.applicant')}</dt>
          <dd data-testid="status-applicant">{view.identity ? `${view.identity.nama}, ${view.identity.alamat}` : view.initials}</dd>
        </dl>
        <ol className="timeline" data-testid="timeline" data-status={view.status}>
          {steps.map((s) => {
            const current = s === view.status;
            const done = reached(s) && !current;
            const entry = [...view.history].reverse().find((h) => h.status === s);
            return (
              <li key={s} className={current ? 'current' : done ? 'done' : 'waiting'} data-step={s}>
                <span className="tl-mark" aria-hidden="true">{current ? '▶' : done ? '✓' : '○'}</span>
                <span className="tl-text">
                  <span className="tl-title">{t(`status.${s}` as MessageKey)}</span>
                  <span className="tl-state">
                    {t(current ? 'kiosk.status.stepCurrent' : done ? 'kiosk.status.stepDone' : 'kiosk.status.stepWaiting')}
                    {entry ? ` · ${when(entry.at)}` : ''}
                  </span>
                </span>
              </li>
            );
          })}
        </ol>
        {note && <p className="lead" data-testid="status-note">{t('kiosk.status.note', { note })}</p>}
        <p className="hint" data-testid="status-updated">{t('kiosk.status.updated', { time: when(view.lastHubContactAt ?? view.updatedAt) })}</p>
        {!view.delivered && view.status === 'received' && <p className="hint">{t('kiosk.status.offline')}</p>}
        {!view.identity && <p className="hint">{t(view.identityMismatch ? 'kiosk.status.cardMismatch' : 'kiosk.status.tapCard')}</p>}
        <div className="choice-row">
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setView(undefined);
              setCode('');
            }}
            data-testid="status-another"
          >
            {t('kiosk.status.another')}
          </button>
          <button type="button" className="btn btn-primary" onClick={onHome} data-testid="status-home">
            {t('kiosk.nav.home')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="screen" data-screen="status">
      <h2>{t('kiosk.status.title')}</h2>
      <p className="help">{t('kiosk.status.speak')}</p>
      <label className="field-label" htmlFor="status-code">
        {t('kiosk.status.input')}
      </label>
      <output id="status-code" className="entry entry-digits" data-testid="status-input">
        {code || ' '}
      </output>
      <Problem problem={problem} />
      <OnScreenKeyboard value={code} onChange={(v) => setCode(v.toUpperCase())} maxLength={40} />
      <Nav onBack={onBack}>
        <button type="button" className="btn btn-primary" onClick={() => void search(code)} data-testid="status-search">
          {t('kiosk.status.search')}
        </button>
      </Nav>
    </section>
  );
}
