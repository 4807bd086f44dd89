import type { ReactNode } from 'react';

/**
 * A screen typed on the on-screen keys. Portrait: title, entry, message, keys, then the bottom
 * row, one under the other. Landscape: the keys and what they type on the right, the rest on
 * the left (kiosk-screens.css).
 */
export function KeysScreen(props: { className?: string; screen: string; field?: string; head: ReactNode; msg?: ReactNode; main?: ReactNode; entry: ReactNode; keys: ReactNode }) {
  return (
    <section className={`screen screen-keys ${props.className ?? ''}`} data-screen={props.screen} data-field={props.field}>
      <div className="keys-main">
        <div className="area-head">{props.head}</div>
        {props.msg && <div className="area-msg">{props.msg}</div>}
        {props.main}
      </div>
      <div className="keys-col">
        <div className="area-entry">{props.entry}</div>
        <div className="area-keys">{props.keys}</div>
      </div>
    </section>
  );
}
