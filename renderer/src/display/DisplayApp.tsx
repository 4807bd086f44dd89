import { useEffect, useMemo } from 'react';
import { t } from '../../../shared/i18n/index.js';
import { useQuery } from '../api/hooks.js';
import { createAnnouncer } from './announcer.js';
import { BoardScreen } from './BoardScreen.js';
import { useBoard } from './useBoard.js';

/**
 * The waiting-room display (display.html?mode=display): read from across the room, touched by
 * no one. Its session is the display's, which the core lets read the board and a call's audio
 * and nothing else: numbers, counters and the running text, never a name.
 */
export function DisplayApp() {
  const announcer = useMemo(() => createAnnouncer(), []);
  useEffect(() => () => announcer.stop(), [announcer]);
  const feed = useBoard((c) => announcer.announce(c));
  const info = useQuery('app:info', {}, ['settings:changed']);
  const office = info.data ? t('id', 'app.office', { desa: info.data.office.desa, kecamatan: info.data.office.kecamatan }) : '';
  return (
    <div className="display" lang="id" data-testid="display" data-connected={feed.connected} data-day={feed.board?.day}>
      {feed.refused ? (
        <main className="display-problem" role="alert">
          {t('id', 'display.refused')}
        </main>
      ) : feed.board ? (
        <BoardScreen board={feed.board} latest={feed.latest} office={office} />
      ) : (
        <main className="display-problem" aria-busy="true">
          {t('id', 'app.loading')}
        </main>
      )}
      {!feed.connected && (
        <p className="display-offline" role="status" data-testid="display-offline">
          {t('id', 'display.reconnecting')}
        </p>
      )}
    </div>
  );
}
