/**
 * One service or agency, uploaded as a file or edited on its own in the console, put into the
 * catalogue document being prepared: it replaces the entry with the same id, or is added. A
 * service names its agency ("agency"); an agency has none. The hub validates the whole document
 * with the kiosk's schema when it is published, so this only places the entry.
 */
export type EntryKind = 'service' | 'agency';

export interface DraftDocument {
  services?: unknown[];
  agencies?: unknown[];
  [k: string]: unknown;
}

export function entryKind(entry: unknown): EntryKind | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const e = entry as Record<string, unknown>;
  if (typeof e['id'] !== 'string' || !e['id']) return null;
  return typeof e['agency'] === 'string' || Array.isArray(e['fields']) ? 'service' : 'agency';
}

/** The document with `entry` in place (a new object; the draft is not changed), or why it cannot go in. */
export function placeEntry(draft: DraftDocument, entry: unknown): { ok: true; document: DraftDocument; kind: EntryKind; replaced: boolean } | { ok: false; error: string } {
  const kind = entryKind(entry);
  if (!kind) return { ok: false, error: 'not a service or agency: an object with an "id" is needed' };
  const key = kind === 'service' ? 'services' : 'agencies';
  const list = Array.isArray(draft[key]) ? [...(draft[key] as unknown[])] : [];
  const id = (entry as { id: string }).id;
  const at = list.findIndex((x) => x !== null && typeof x === 'object' && (x as { id?: unknown }).id === id);
  if (at >= 0) list[at] = entry;
  else list.push(entry);
  return { ok: true, document: { ...draft, [key]: list }, kind, replaced: at >= 0 };
}

/** The ids of the draft's services and agencies, for picking one to edit. */
export function entryIds(draft: DraftDocument): { kind: EntryKind; id: string }[] {
  const ids = (list: unknown, kind: EntryKind) =>
    (Array.isArray(list) ? list : []).flatMap((x) => (x !== null && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string' ? [{ kind, id: (x as { id: string }).id }] : []));
  return [...ids(draft.agencies, 'agency'), ...ids(draft.services, 'service')];
}
