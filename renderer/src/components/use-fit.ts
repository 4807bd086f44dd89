import { useCallback, useEffect, useState } from 'react';

/**
 * The roomiest layout of a paged list that still fits on one page. Layouts are numbered
 * 0..max, roomier as the number grows (the agencies screen: how many tiles name their services;
 * a service list: cards with summaries, titles only, more columns). A binary search over the
 * page counts PagedList measures (`onMeasured`), a handful of renders before anything is
 * painted; when even layout 0 needs pages, it stays at 0 and the list pages.
 *
 * Measured again from `max` when `resetKey` changes (another list) or the window changes size (another orientation or screen); the
 * space the pager takes while searching only makes a layout look tighter, never roomier.
 */
export function useFit(max: number, resetKey = ''): { level: number; onMeasured: (pages: number) => void } {
  const [search, setSearch] = useState(() => start(max));
  const [windowSize, setWindowSize] = useState(sizeOfWindow);
  useEffect(() => {
    const onResize = (): void => setWindowSize(sizeOfWindow());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const key = `${max}@${windowSize}@${resetKey}`;
  const current = search.key === key ? search : { ...start(max), key };
  const onMeasured = useCallback((pages: number) => setSearch((s) => step(s.key === key ? s : { ...start(max), key }, pages === 1)), [key, max]);
  return { level: current.level, onMeasured };
}

interface FitSearch {
  /** Roomiest level known to fit (-1: none yet). */
  fits: number;
  /** Tightest level known not to fit. */
  tooBig: number;
  /** The level shown (being measured, or the answer once done). */
  level: number;
  done: boolean;
  key: string;
}

export function start(max: number): FitSearch {
  return { fits: -1, tooBig: max + 1, level: max, done: false, key: '' };
}

/** One measurement of `s.level`: narrow the range, then try the middle (or settle on the answer). */
export function step(s: FitSearch, fitted: boolean): FitSearch {
  if (s.done) return s;
  const fits = fitted ? s.level : s.fits;
  const tooBig = fitted ? s.tooBig : s.level;
  if (tooBig - fits <= 1) return { ...s, fits, tooBig, level: Math.max(fits, 0), done: true };
  return { ...s, fits, tooBig, level: Math.floor((fits + tooBig) / 2) };
}

function sizeOfWindow(): string {
  return `${window.innerWidth}x${window.innerHeight}`;
}
