import type { Database } from 'better-sqlite3';
import type { CarryOutcome } from '../../shared/usb/carry.js';

export interface StickExport {
  exportId: string;
  deviceId: string;
  manifest: Buffer;
  manifestSha256: string;
  /** The files of the export the relay now holds (stored before, by putFile). */
  names: string[];
}

export interface UsbExportRow {
  export_id: string;
  device_id: string;
  stored_at: string;
  done_at: string | null;
  refused: string | null;
  outcome: string | null;
  last_error: string | null;
}

export interface UsbAnswerRow {
  export_id: string;
  answer: Buffer;
  hub_file: Buffer | null;
  done_at: string;
  outcome: string | null;
}

/**
 * The relay's SQL for sticks carried up (tables: relay migration 20). Each file, then the
 * export, in durable commits before anything is said or forwarded; a file already held (the
 * same stick played again, or a later export that kept it) is not stored twice.
 */
export function relayUsbStore(db: Database) {
  const q = {
    exportRow: db.prepare<[string], UsbExportRow & { manifest_sha256: string }>(
      'SELECT export_id, device_id, stored_at, done_at, refused, outcome, last_error, manifest_sha256 FROM relay_usb_exports WHERE export_id = ?',
    ),
    insertExport: db.prepare('INSERT INTO relay_usb_exports (export_id, device_id, manifest, manifest_sha256, stored_at) VALUES (?, ?, ?, ?, ?)'),
    insertPart: db.prepare('INSERT OR IGNORE INTO relay_usb_parts (export_id, device_id, name) VALUES (?, ?, ?)'),
    file: db.prepare<[string, string], { sha256: string; held: number }>('SELECT sha256, length(data) > 0 AS held FROM relay_usb_files WHERE device_id = ? AND name = ?'),
    insertFile: db.prepare('INSERT INTO relay_usb_files (device_id, name, size, sha256, data, stored_at) VALUES (?, ?, ?, ?, ?, ?)'),
    restoreFile: db.prepare('UPDATE relay_usb_files SET data = ?, stored_at = ? WHERE device_id = ? AND name = ? AND length(data) = 0'),
    partNames: db.prepare<[string], { name: string }>('SELECT name FROM relay_usb_parts WHERE export_id = ?'),
    reopen: db.prepare('UPDATE relay_usb_exports SET done_at = NULL WHERE export_id = ?'),
    waiting: db.prepare<[], UsbExportRow>('SELECT export_id, device_id, stored_at, done_at, refused, outcome, last_error FROM relay_usb_exports WHERE done_at IS NULL ORDER BY stored_at, export_id LIMIT 50'),
    waitingCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM relay_usb_exports WHERE done_at IS NULL'),
    manifest: db.prepare<[string], { manifest: Buffer; manifest_sha256: string }>('SELECT manifest, manifest_sha256 FROM relay_usb_exports WHERE export_id = ?'),
    parts: db.prepare<[string], { name: string; size: number; sha256: string }>(
      `SELECT f.name, f.size, f.sha256 FROM relay_usb_parts p JOIN relay_usb_files f ON f.device_id = p.device_id AND f.name = p.name
        WHERE p.export_id = ? AND length(f.data) > 0 ORDER BY p.rowid`,
    ),
    data: db.prepare<[string, string], { data: Buffer }>('SELECT data FROM relay_usb_files WHERE device_id = ? AND name = ?'),
    setDone: db.prepare('UPDATE relay_usb_exports SET done_at = ?, answer = ?, hub_file = ?, refused = ?, outcome = ?, last_error = NULL WHERE export_id = ?'),
    // The device's newest answer is all the stick needs; older ones stay as rows (so an old stick is not stored again).
    dropOlderAnswers: db.prepare('UPDATE relay_usb_exports SET answer = NULL WHERE device_id = ? AND export_id <> ? AND answer IS NOT NULL'),
    dropAnsweredBytes: db.prepare(
      `UPDATE relay_usb_files SET data = X'' WHERE device_id = ? AND length(data) > 0
         AND name IN (SELECT name FROM relay_usb_parts WHERE export_id = ?)
         AND NOT EXISTS (SELECT 1 FROM relay_usb_parts p JOIN relay_usb_exports e ON e.export_id = p.export_id
                         WHERE p.device_id = relay_usb_files.device_id AND p.name = relay_usb_files.name AND e.done_at IS NULL)`,
    ),
    setError: db.prepare('UPDATE relay_usb_exports SET last_error = ? WHERE export_id = ?'),
    latestAnswer: db.prepare<[string], UsbAnswerRow>(
      'SELECT export_id, answer, hub_file, done_at, outcome FROM relay_usb_exports WHERE device_id = ? AND answer IS NOT NULL ORDER BY done_at DESC LIMIT 1',
    ),
    hubFile: db.prepare<[], { hub_file: Buffer }>('SELECT hub_file FROM relay_usb_exports WHERE length(hub_file) > 0 ORDER BY done_at DESC LIMIT 1'),
    counts: db.prepare<[], { exports: number; files: number; held: number }>(
      'SELECT (SELECT count(*) FROM relay_usb_exports) AS exports, (SELECT count(*) FROM relay_usb_files) AS files, (SELECT count(*) FROM relay_usb_files WHERE length(data) > 0) AS held',
    ),
  };
  const now = (): string => new Date().toISOString();

  return {
    /** Whether a file is held here: with its bytes, with them dropped after an answer, not at all, or under this name with other bytes. */
    fileState(deviceId: string, name: string, sha256: string): 'held' | 'dropped' | 'absent' | 'conflict' {
      const f = q.file.get(deviceId, name);
      if (!f) return 'absent';
      if (f.sha256 !== sha256) return 'conflict';
      return f.held ? 'held' : 'dropped';
    },
    /** One sealed file, byte-identical, in its own commit (a file already held is left as it is). */
    putFile(deviceId: string, f: { name: string; size: number; sha256: string }, data: Buffer): void {
      db.transaction(() => {
        const held = q.file.get(deviceId, f.name);
        if (!held) q.insertFile.run(deviceId, f.name, f.size, f.sha256, data, now());
        else if (held.sha256 === f.sha256 && !held.held) q.restoreFile.run(data, now(), deviceId, f.name);
      })();
    },
    /** The names an export held here already carries up. */
    partNames(exportId: string): Set<string> {
      return new Set(q.partNames.all(exportId).map((r) => r.name));
    },
    /**
     * The export itself, after its files (so a crash between leaves only files, which the same
     * stick finds held next time). An answered export that gains a file (first a partial copy,
     * now whole) waits for the hub again. Answers whether anything was new.
     */
    commitExport(e: StickExport): { newExport: boolean; newParts: number } {
      return db.transaction(() => {
        const prior = q.exportRow.get(e.exportId);
        if (prior && (prior.device_id !== e.deviceId || prior.manifest_sha256 !== e.manifestSha256)) throw new Error(`export ${e.exportId} is held here with another manifest`);
        if (!prior) q.insertExport.run(e.exportId, e.deviceId, e.manifest, e.manifestSha256, now());
        let newParts = 0;
        for (const name of e.names) newParts += q.insertPart.run(e.exportId, e.deviceId, name).changes;
        if (prior?.done_at && newParts) q.reopen.run(e.exportId);
        return { newExport: !prior, newParts };
      })();
    },
    exportRow(exportId: string): UsbExportRow | null {
      return q.exportRow.get(exportId) ?? null;
    },
    waiting(): UsbExportRow[] {
      return q.waiting.all();
    },
    waitingCount(): number {
      return q.waitingCount.get()!.n;
    },
    manifest(exportId: string): { manifest: Buffer; sha256: string } {
      const r = q.manifest.get(exportId)!;
      return { manifest: r.manifest, sha256: r.manifest_sha256 };
    },
    /** The sealed files of an export the relay holds, in the manifest's order. */
    parts(exportId: string): { name: string; size: number; sha256: string }[] {
      return q.parts.all(exportId);
    },
    data(deviceId: string, name: string): Buffer {
      return q.data.get(deviceId, name)!.data;
    },
    /** The hub's answer kept (or its refusal of the folder); the files only this export named give their bytes back. */
    answered(exportId: string, deviceId: string, a: { answer: string | null; hubFile: string; refused: string | null; outcome: CarryOutcome }): void {
      db.transaction(() => {
        q.setDone.run(now(), a.answer === null ? null : Buffer.from(a.answer), Buffer.from(a.hubFile), a.refused, JSON.stringify(a.outcome), exportId);
        if (a.answer !== null) q.dropOlderAnswers.run(deviceId, exportId);
        q.dropAnsweredBytes.run(deviceId, exportId);
      })();
    },
    setError(exportId: string, error: string): void {
      q.setError.run(error, exportId);
    },
    latestAnswer(deviceId: string): UsbAnswerRow | null {
      return q.latestAnswer.get(deviceId) ?? null;
    },
    hubFile(): Buffer | null {
      return q.hubFile.get()?.hub_file ?? null;
    },
    counts(): { exports: number; files: number; held: number } {
      return q.counts.get()!;
    },
  };
}
export type RelayUsbStore = ReturnType<typeof relayUsbStore>;
