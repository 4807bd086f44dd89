import type { LinkStatus, SyncLink } from '../../shared/sync/links.js';

/** Below this measured upload speed a link is thin even without a budget or a window. */
const THIN_BYTES_PER_SECOND = 100_000;
/** Record text shrinks about this much in a batch (zstd over similar JSON); photos do not. */
const TEXT_WIRE_RATIO = 0.3;

/** A link where what goes first matters: metered, open only at times, or measured slow. */
export function isThin(link: SyncLink, bytesPerSecond: number | null): boolean {
  return link.dailyBudgetBytes !== null || link.windows.length > 0 || (bytesPerSecond !== null && bytesPerSecond < THIN_BYTES_PER_SECOND);
}

/**
 * A link where the pass may not get through everything (a budget, a window): statuses go first,
 * before the uploads. On a link that is only slow everything goes anyway, and a status exchange
 * first would delay every delivery by a round trip.
 */
export function isConstrained(link: SyncLink): boolean {
  return link.dailyBudgetBytes !== null || link.windows.length > 0;
}

/**
 * What the backlog weighs on the wire, about, and when it will be through on the link in use
 * (or the first that can be used): its measured speed, plus the wait for a closed link's window.
 * Null when no link has been timed yet.
 */
export function backlogEta(
  weight: { text: number; attachments: number; batched: number },
  links: readonly LinkStatus[],
  inUse: string | null,
): { backlogBytes: number; etaSeconds: number | null } {
  const backlogBytes = Math.round(weight.text * TEXT_WIRE_RATIO + weight.attachments + weight.batched);
  if (backlogBytes === 0) return { backlogBytes, etaSeconds: 0 };
  const link = links.find((l) => l.name === inUse) ?? links.find((l) => l.state === 'ready') ?? links.find((l) => l.state === 'closed');
  if (!link?.bytesPerSecond) return { backlogBytes, etaSeconds: null };
  const wait = (link.opensInMinutes ?? 0) * 60;
  return { backlogBytes, etaSeconds: Math.round(wait + backlogBytes / link.bytesPerSecond) };
}
