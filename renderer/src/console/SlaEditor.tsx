import { useState } from 'react';
import { placeEntry, type DraftDocument } from '../../../shared/console/catalogue-entry.js';
import { SLA_FIELDS, slaDefaultsOf, slaFormOf, slaFromForm, withSla, type SlaField, type SlaForm } from '../../../shared/console/service-sla.js';
import { ct, type ConsoleKey } from '../../../shared/i18n/console-id.js';

type Entry = Record<string, unknown>;
const servicesOf = (text: string): Entry[] => {
  try {
    const d = JSON.parse(text) as DraftDocument;
    return (Array.isArray(d.services) ? d.services : []).filter((s): s is Entry => s !== null && typeof s === 'object' && typeof (s as Entry)['id'] === 'string');
  } catch {
    return [];
  }
};
const label = (f: SlaField): string => (f === 'overall' ? ct('console.sla.overall') : ct(`console.status.${f}` as ConsoleKey));

/**
 * A service's SLA in working days, per open state and overall (its `hubWorkflow.sla`): edited in a
 * form, checked by field (shared/console/service-sla.ts), put into the draft document, which the
 * admin then publishes (the hub audits each change of a service's SLA).
 */
export function SlaEditor({ text, onText }: { text: string; onText: (t: string) => void }) {
  const services = servicesOf(text);
  const [id, setId] = useState('');
  const [form, setForm] = useState<SlaForm | null>(null);
  const [errors, setErrors] = useState<Partial<Record<SlaField, string>>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const service = services.find((s) => s['id'] === id) ?? null;
  const pick = (value: string) => {
    setId(value);
    const s = services.find((x) => x['id'] === value);
    setForm(s ? slaFormOf(s) : null);
    setErrors({});
    setMessage(null);
  };
  const apply = () => {
    if (!service || !form) return;
    const r = slaFromForm(form);
    if (!r.ok) {
      setErrors(r.errors);
      return setMessage({ ok: false, text: ct('console.sla.invalid') });
    }
    setErrors({});
    const placed = placeEntry(JSON.parse(text) as DraftDocument, withSla(service, r.sla));
    if (!placed.ok) return setMessage({ ok: false, text: ct('console.entry.badDocument') });
    onText(JSON.stringify(placed.document, null, 2));
    setMessage({ ok: true, text: ct('console.sla.applied', { id }) });
  };
  const defaults = service ? slaDefaultsOf(service) : null;
  return (
    <div className="card" data-testid="sla-editor">
      <h2>{ct('console.sla.title')}</h2>
      <p>{ct('console.sla.help')}</p>
      {services.length === 0 ? (
        <p>{ct('console.sla.none')}</p>
      ) : (
        <label>
          {ct('console.sla.pick')}
          <select name="sla-service" value={id} onChange={(e) => pick(e.target.value)}>
            <option value="">—</option>
            {services.map((s) => (
              <option key={String(s['id'])} value={String(s['id'])}>
                {String(s['title'] ?? s['id'])}
              </option>
            ))}
          </select>
        </label>
      )}
      {form && defaults && (
        <table>
          <thead>
            <tr>
              <th>{ct('console.sla.state')}</th>
              <th>{ct('console.sla.days')}</th>
            </tr>
          </thead>
          <tbody>
            {SLA_FIELDS.map((f) => (
              <tr key={f}>
                <td>
                  <label htmlFor={`sla-${f}`}>{label(f)}</label>
                </td>
                <td>
                  <input
                    id={`sla-${f}`}
                    name={`sla-${f}`}
                    inputMode="numeric"
                    value={form[f]}
                    placeholder={ct('console.sla.default', { days: defaults[f] })}
                    aria-invalid={errors[f] ? true : undefined}
                    aria-describedby={errors[f] ? `sla-${f}-error` : undefined}
                    onChange={(e) => setForm({ ...form, [f]: e.target.value })}
                  />
                  {errors[f] && (
                    <div className="error" id={`sla-${f}-error`}>
                      {errors[f]}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {form && <button onClick={apply}>{ct('console.sla.apply')}</button>}
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}
