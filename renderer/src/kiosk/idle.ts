import { useEffect, useRef, useState } from 'react';
import type { Settings } from '../../../shared/domain/settings.js';

/**
 * After `idleTimeoutSeconds` without a touch, a warning counts down `idleCountdownSeconds`, then
 * `onWipe`. Not on an untouched welcome screen: there is nobody's data to protect.
 */
export function useIdle(active: boolean, settings: Pick<Settings, 'idleTimeoutSeconds' | 'idleCountdownSeconds'>, onWipe: () => void) {
  const [warning, setWarning] = useState<number | null>(null);
  const lastTouch = useRef(Date.now());
  const { idleTimeoutSeconds: timeout, idleCountdownSeconds: countdown } = settings;
  useEffect(() => {
    const touch = (): void => {
      lastTouch.current = Date.now();
    };
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    const timer = setInterval(() => {
      const idle = (Date.now() - lastTouch.current) / 1000;
      if (!active || idle < timeout) return setWarning(null);
      const left = Math.ceil(timeout + countdown - idle);
      if (left > 0) return setWarning(left);
      setWarning(null);
      lastTouch.current = Date.now();
      onWipe();
    }, 1000);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
    };
  }, [active, timeout, countdown, onWipe]);
  const stay = (): void => {
    lastTouch.current = Date.now();
    setWarning(null);
  };
  return { warning, stay };
}
