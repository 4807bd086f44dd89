import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.js';

/** tests/output/hardening/campaign.json: each campaign suite writes its own section (with `key`: one entry of it, e.g. a backend). */
export function writeFigures(section: string, value: unknown, key?: string): void {
  const dir = join(ROOT, 'tests/output/hardening');
  const file = join(dir, 'campaign.json');
  mkdirSync(dir, { recursive: true });
  let doc: Record<string, unknown> = { issue: 14 };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    /* first section */
  }
  const old = doc[section];
  doc[section] = key === undefined ? value : { ...(old !== null && typeof old === 'object' ? old : {}), [key]: value };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
