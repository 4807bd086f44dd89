import { useEffect, useState, type ReactNode } from 'react';
import { ct } from '../../../shared/i18n/console-id.js';
import { api } from './api.js';

export interface Agency {
  id: string;
  name: string;
}

/** The catalogue's agencies (OPD), fetched once per screen; a failure goes to `onFail`. */
export function useAgencies(onFail: (e: unknown) => void): Agency[] {
  const [agencies, setAgencies] = useState<Agency[]>([]);
  useEffect(() => {
    api<{ items: Agency[] }>('GET', '/agencies').then((r) => setAgencies(r.items), onFail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return agencies;
}

/** One agency picked from the catalogue's list ("—": none yet), labelled "OPD tujuan"; the user form and the complaint dispatch use it. */
export function AgencySelect({ agencies, value, onChange, extra, children }: { agencies: readonly Agency[]; value: string; onChange: (id: string) => void; extra?: Record<string, unknown>; children?: ReactNode }) {
  return (
    <label>
      {ct('console.complaints.agency')}
      <select name="agency" value={value} onChange={(e) => onChange(e.target.value)} {...extra}>
        <option value="">—</option>
        {agencies.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      {children}
    </label>
  );
}
