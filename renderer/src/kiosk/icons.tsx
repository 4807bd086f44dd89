import type { Icon } from '../../../shared/catalogue/schema.js';

/** Simple line icons for the catalogue's icon names: drawn in the text colour, always beside a title. */
const PATHS: Record<Icon, string> = {
  'id-card': 'M6 14h52v36H6z M14 24h14v16H14z M34 26h18 M34 33h18 M34 40h12',
  'id-card-broken': 'M6 14h52v36H6z M14 24h14v16H14z M34 26h18 M30 14l6 12-6 8 6 16',
  family: 'M20 22a6 6 0 1 0 0.1 0 M44 22a6 6 0 1 0 0.1 0 M10 52v-12a10 10 0 0 1 20 0v12 M34 52v-12a10 10 0 0 1 20 0v12',
  'family-edit': 'M20 22a6 6 0 1 0 0.1 0 M10 52v-12a10 10 0 0 1 20 0v12 M36 50l16-16 6 6-16 16h-6z',
  baby: 'M32 14a10 10 0 1 0 0.1 0 M18 54c0-12 6-20 14-20s14 8 14 20z M28 22h0.1 M36 22h0.1',
  move: 'M8 30l14-12 14 12v22H8z M40 36h16 M50 30l6 6-6 6',
  briefcase: 'M8 22h48v30H8z M24 22v-8h16v8 M8 34h48',
  home: 'M8 32L32 12l24 20 M14 28v24h36V28 M27 52V38h10v14',
  wallet: 'M8 20h44v32H8z M40 30h16v12H40z M14 20l26-8 4 8',
  shop: 'M8 24h48l-4-10H12z M12 24v28h40V24 M26 52V38h12v14',
  rings: 'M24 36a12 12 0 1 0 0.1 0 M40 36a12 12 0 1 0 0.1 0',
  flower: 'M32 28a6 6 0 1 0 0.1 0 M32 22c-4-10 4-10 0 0 M32 34v20 M24 46c4 0 8 2 8 6 M40 46c-4 0-8 2-8 6',
  tax: 'M14 8h28l10 10v38H14z M22 30h20 M22 38h20 M22 46h12 M42 8v10h10',
  aid: 'M32 52S10 40 10 24a11 11 0 0 1 22-4 11 11 0 0 1 22 4c0 16-22 28-22 28z M32 26v14 M25 33h14',
  megaphone: 'M10 26h10l24-12v36L20 38H10z M20 38l4 14h6l-3-14 M50 24c4 4 4 12 0 16',
  lightbulb: 'M32 8a16 16 0 0 0-9 29v7h18v-7a16 16 0 0 0-9-29z M24 50h16 M27 56h10',
  document: 'M14 8h28l10 10v38H14z M22 30h20 M22 38h20 M42 8v10h10',
};

export function ServiceIcon({ name }: { name: Icon }) {
  return (
    <svg className="service-icon" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The e-KTP "tap" animation on the welcome screen. */
export function CardTapIcon() {
  return (
    <svg className="card-tap" viewBox="0 0 120 120" aria-hidden="true" focusable="false">
      <rect x="20" y="70" width="80" height="34" rx="6" fill="none" stroke="currentColor" strokeWidth="5" />
      <g className="card-tap-card">
        <rect x="30" y="12" width="60" height="40" rx="5" fill="none" stroke="currentColor" strokeWidth="5" />
        <rect x="38" y="22" width="14" height="18" fill="currentColor" />
      </g>
    </svg>
  );
}
