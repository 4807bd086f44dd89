import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallName, CallRequest, CallResponse, EventName } from '../../../shared/api/contract.js';
import type { ApiError } from '../../../shared/api/result.js';
import { api, onConnectionChange } from './client.js';

export interface Query<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Calls the API and re-calls it whenever one of `refreshOn` events arrives. */
export function useQuery<K extends CallName>(
  name: K,
  request: CallRequest<K>,
  refreshOn: EventName[] = [],
): Query<CallResponse<K>> {
  const [state, setState] = useState<{ data?: CallResponse<K>; error?: ApiError; loading: boolean }>({ loading: true });
  const requestKey = JSON.stringify(request);
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    void api.invoke(name, JSON.parse(requestKey) as CallRequest<K>).then((r) => {
      if (mine !== seq.current) return;
      setState(r.ok ? { data: r.value, loading: false } : { error: r.error, loading: false });
    });
  }, [name, requestKey]);
  const refreshKey = refreshOn.join(',');
  useEffect(() => {
    reload();
    const offs = refreshKey === '' ? [] : refreshKey.split(',').map((e) => api.on(e as EventName, () => reload()));
    // Events sent while the stream was down are lost: catch up when it comes back.
    offs.push(onConnectionChange((connected) => connected && reload()));
    return () => offs.forEach((off) => off());
  }, [reload, refreshKey]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
