import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { PagedList } from '../../components/Pager.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav, NextButton } from '../parts/Nav.js';
import { useSpeak } from '../voice.js';

/** What to bring to the desk: ticked by the resident, or shown as information only. */
export function Requirements({ service, checked, dispatch }: { service: ServiceDefinition; checked: string[]; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const info = service.requirementsMode === 'info';
  const speak = info ? 'kiosk.req.speakInfo' : 'kiosk.req.speak';
  useSpeak([{ key: speak, text: t(speak) }, ...service.requirements.map((r) => ({ text: r.text }))]);
  const missing = service.requirements.some((r) => !r.optional && !checked.includes(r.id));
  return (
    <section className="screen" data-screen="requirements">
      <h2 id="req-title">{t('kiosk.req.title')}</h2>
      {service.requirements.length === 0 && <p className="lead">{t('kiosk.req.none')}</p>}
      <PagedList
        items={service.requirements}
        itemKey={(r) => r.id}
        className="requirements"
        labelledBy="req-title"
        render={(r) =>
          info ? (
            <span className="requirement-info">
              <span aria-hidden="true">• </span>
              {r.text}
            </span>
          ) : (
            <button
              type="button"
              className="requirement"
              aria-pressed={checked.includes(r.id)}
              onClick={() => dispatch({ type: 'toggle-requirement', id: r.id })}
              data-testid={`req-${r.id}`}
            >
              <span className="req-box" aria-hidden="true">{checked.includes(r.id) ? '☑' : '☐'}</span>
              <span className="req-text">
                {r.text}
                <span className="req-state">{checked.includes(r.id) ? t('kiosk.req.have') : t('kiosk.req.haveNot')}</span>
              </span>
            </button>
          )
        }
        footer={(pager) => (
          <>
            {!info && missing && <p className="hint">{t('kiosk.req.missing')}</p>}
            <Nav onBack={() => dispatch({ type: 'back' })} pager={pager}>
              <NextButton onClick={() => dispatch({ type: 'requirements-done' })} />
            </Nav>
          </>
        )}
      />
    </section>
  );
}
