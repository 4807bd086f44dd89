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
  office: 'M10 54h44 M14 54V22h36v32 M8 22L32 10l24 12 M22 30v16 M32 30v16 M42 30v16',
  health: 'M24 10h16v14h14v16H40v14H24V40H10V24h14z',
  school: 'M8 24L32 12l24 12-24 12z M16 28v14c8 8 24 8 32 0V28 M56 24v16',
  building: 'M14 56V10h24v46 M38 24h12v32 M8 56h48 M20 18h6 M20 28h6 M20 38h6 M30 18h2 M30 28h2 M30 38h2',
  leaf: 'M12 52C12 26 30 12 54 10c-2 24-16 42-42 42z M12 52l24-24',
  road: 'M22 8L12 56 M42 8l10 48 M32 10v8 M32 26v8 M32 42v8',
  water: 'M32 8C22 24 16 32 16 40a16 16 0 0 0 32 0c0-8-6-16-16-32z',
  farm: 'M32 56V28 M32 36c-10 0-14-8-14-14 8 0 14 4 14 14z M32 30c10 0 14-8 14-14-8 0-14 4-14 14z M14 56h36',
  fish: 'M8 32c10-14 30-14 40 0-10 14-30 14-40 0z M48 32l10-10v20z M20 30h0.1',
  bus: 'M12 12h40v34H12z M12 32h40 M18 46v6 M46 46v6 M18 40h4 M42 40h4',
  shield: 'M32 8l20 8v14c0 14-9 22-20 26-11-4-20-12-20-26V16z M24 32l6 6 12-12',
  people: 'M22 24a7 7 0 1 0 0.1 0 M42 24a7 7 0 1 0 0.1 0 M10 54v-8a12 12 0 0 1 24 0v8 M30 54v-8a12 12 0 0 1 24 0v8',
  scale: 'M32 10v44 M20 54h24 M12 20h40 M12 20L6 36h12z M52 20l-6 16h12z',
  book: 'M10 14h18a4 4 0 0 1 4 4v36a4 4 0 0 0-4-4H10z M54 14H36a4 4 0 0 0-4 4v36a4 4 0 0 1 4-4h18z',
  factory: 'M8 56V28l14 8v-8l14 8v-8l14 8V12h6v44z M16 46h6 M30 46h6 M44 46h6',
  heart: 'M32 54S10 40 10 24a11 11 0 0 1 22-4 11 11 0 0 1 22 4c0 16-22 30-22 30z',
  sport: 'M32 10a22 22 0 1 0 0.1 0 M10 32h44 M32 10c-8 8-8 36 0 44 M32 10c8 8 8 36 0 44',
  tree: 'M32 56V36 M32 8L14 34h36z M24 56h16',
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
