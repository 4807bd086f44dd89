import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskLetterVerification } from '../../../../shared/api/calls/kiosk.js';
import type { AnswerProblem } from '../../../../shared/catalogue/answers.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent, FlowState } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak, useVoice } from '../voice.js';

/** As the contract bounds it (the token is ~150 characters of base64url). */
const MAX_CODE = 400;
/** What a letter token is made of; a scanner types nothing else for one. */
const TOKEN_CHAR = /^[A-Za-z0-9_-]$/;

/**
 * "Cek keaslian surat": the kiosk's scanner is a keyboard wedge, so a scanned QR arrives as
 * typed characters and an Enter, wherever the focus is; the resident may also type or paste the
 * code in the box. The verdict comes from this kiosk alone (offline) and shows only what the QR
 * carries: number, date, service, office. The verdict lives in the flow, so a wipe forgets it.
 */
export function VerifyLetter({ letter, dispatch }: { letter: FlowState['letter']; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<AnswerProblem>();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const codeRef = useRef(code);
  codeRef.current = code;
  useSpeak(letter.verdict ? [] : [{ key: 'letters.verify.scan', text: t('letters.verify.scan') }]);

  const check = useCallback(
    async (value: string) => {
      const token = value.replace(/\s+/g, '');
      if (token === '') return setProblem({ key: 'letters.verify.empty' });
      setBusy(true);
      try {
        const verdict = await call('kiosk:verify-letter', { token: token.slice(0, MAX_CODE) });
        setProblem(undefined);
        dispatch({ type: 'letter-verified', verdict });
        say([{ text: verdictText(t, verdict) }]);
      } catch (err) {
        setProblem({ key: err instanceof ApiFailure && err.code === 'rate_limited' ? 'error.rate_limited' : 'letters.verify.failed' });
      } finally {
        setBusy(false);
      }
    },
    [dispatch, say, t],
  );

  // The scanner types into the page: keys outside the box go into it, Enter checks.
  useEffect(() => {
    if (letter.verdict) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.target === box.current) return;
      if (e.key === 'Enter') void check(codeRef.current);
      else if (TOKEN_CHAR.test(e.key)) setCode((c) => (c + e.key).slice(0, MAX_CODE));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [check, letter.verdict]);

  if (letter.verdict) {
    return (
      <LetterVerdict
        verdict={letter.verdict}
        onAnother={() => {
          setCode('');
          dispatch({ type: 'letter-another' });
        }}
        onHome={() => dispatch({ type: 'finish' })}
      />
    );
  }
  return (
    <section className="screen screen-verify-letter" data-screen="verify-letter">
      <h2>{t('letters.verify.title')}</h2>
      <p className="lead">{t('letters.verify.scan')}</p>
      <label className="field-label" htmlFor="letter-code">
        {t('letters.verify.input')}
      </label>
      <textarea
        id="letter-code"
        ref={box}
        className="entry letter-code mono"
        rows={3}
        maxLength={MAX_CODE}
        spellCheck={false}
        autoComplete="off"
        value={code}
        onChange={(e) => setCode(e.target.value.slice(0, MAX_CODE))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void check(code);
          }
        }}
        data-testid="letter-code"
      />
      <p className="help">{t('letters.verify.offlineNote')}</p>
      {problem && <Problem problem={problem} />}
      <Nav onBack={() => dispatch({ type: 'back' })}>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void check(code)} data-testid="letter-check">
          {t('letters.verify.check')}
        </button>
      </Nav>
    </section>
  );
}

function verdictText(t: ReturnType<typeof useI18n>['t'], v: KioskLetterVerification): string {
  if (v.outcome === 'valid' && v.letter) {
    return t('letters.verify.valid', { number: v.letter.number, date: longDate(v.letter.date), service: v.letter.serviceTitle, desa: v.office?.desa ?? v.officeCode ?? '' });
  }
  return v.outcome === 'unknown_office' ? t('letters.verify.unknownOffice') : t('letters.verify.altered');
}

/** yyyy-mm-dd as "2 Desember 2026" (the letter's calendar day, whatever the kiosk's zone). */
function longDate(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? day : at.toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function LetterVerdict({ verdict, onAnother, onHome }: { verdict: KioskLetterVerification; onAnother: () => void; onHome: () => void }) {
  const { t } = useI18n();
  const valid = verdict.outcome === 'valid' && verdict.letter;
  return (
    <section className={`screen screen-letter-verdict verdict-${verdict.outcome}`} data-screen="letter-verdict" data-outcome={verdict.outcome} data-testid="letter-verdict">
      <h2>{t('letters.verify.title')}</h2>
      <p className="lead verdict-text" role="status" data-testid="letter-verdict-text">
        <span aria-hidden="true">{valid ? '✔ ' : '✖ '}</span>
        {verdictText(t, verdict)}
      </p>
      {valid && verdict.letter && (
        <dl className="facts">
          <dt>{t('letters.verify.field.number')}</dt>
          <dd className="mono" data-testid="letter-number">
            {verdict.letter.number}
          </dd>
          <dt>{t('letters.verify.field.date')}</dt>
          <dd data-testid="letter-date">{longDate(verdict.letter.date)}</dd>
          <dt>{t('letters.verify.field.service')}</dt>
          <dd data-testid="letter-service">{verdict.letter.serviceTitle}</dd>
          <dt>{t('letters.verify.field.office')}</dt>
          <dd data-testid="letter-office">{verdict.office ? t('letters.verify.officeName', verdict.office) : verdict.officeCode}</dd>
        </dl>
      )}
      <Nav>
        <button type="button" className="btn btn-secondary" onClick={onAnother} data-testid="letter-another">
          {t('letters.verify.again')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onHome} data-testid="letter-home">
          {t('letters.verify.home')}
        </button>
      </Nav>
    </section>
  );
}
