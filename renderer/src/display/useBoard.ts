import { useEffect, useRef, useState } from 'react';
import type { BoardState, QueueCall } from '../../../shared/queue/board.js';
import { api, call, onConnectionChange } from '../api/client.js';

/** Without any event for this long, the display asks for the board again (a missed event, a clock day change). */
const REFRESH_MS = 30_000;

export interface BoardFeed {
  board: BoardState | undefined;
  /** The newest call this page heard (highlighted until the next one). */
  latest: QueueCall | undefined;
  connected: boolean;
  /** Set when the host refused this page (e.g. the host restarted with a new key). */
  refused: boolean;
}

/**
 * The board, kept current from the event stream: every `queue:changed` carries the whole board,
 * every `queue:called` the call to announce. The transport reconnects by itself; on each
 * reconnect the board is fetched again, since events sent while the stream was down are lost.
 */
export function useBoard(onCall: (c: QueueCall) => void): BoardFeed {
  const [board, setBoard] = useState<BoardState>();
  const [latest, setLatest] = useState<QueueCall>();
  const [connected, setConnected] = useState(true);
  const [refused, setRefused] = useState(false);
  const announce = useRef(onCall);
  announce.current = onCall;

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Only a newer board replaces the one shown (a slow answer must not undo a fresh event).
    const take = (next: BoardState): void => setBoard((prev) => (prev && prev.updatedAt > next.updatedAt ? prev : next));
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(load, REFRESH_MS);
    };
    function load(): void {
      arm();
      call('queue:board', {}).then(
        (b) => {
          if (!alive) return;
          setRefused(false);
          take(b);
        },
        (err: { code?: string }) => alive && err.code === 'unauthorized' && setRefused(true),
      );
    }
    load();
    const offs = [
      api.on('queue:changed', (e) => {
        arm();
        take(e.board);
      }),
      api.on('queue:called', (c) => {
        setLatest(c);
        announce.current(c);
      }),
      onConnectionChange((up) => {
        setConnected(up);
        if (up) load();
      }),
    ];
    return () => {
      alive = false;
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, []);
  return { board, latest, connected, refused };
}
