import type { CatalogueDocument } from '../../../shared/sync/protocol.js';
import type { HubBackend } from '../backend.js';
import { hashEnrolmentCode } from '../enrolment-code.js';
import type { DeviceReportRow } from './rows.js';
import { consoleAccounts } from './accounts.js';
import { verifyHubAudit } from './audit.js';
import { consoleCatalogue } from './catalogue.js';
import { consoleDevices } from './devices.js';
import { consoleInbox, type ServiceDirectory } from './inbox.js';
import { consoleComplaints } from './complaints.js';
import { consoleDashboard } from './dashboard.js';

/** The agencies' back office over one hub database (issue 13): its parts, each with its own job. */
export function hubConsole(backend: HubBackend) {
  return {
    accounts: consoleAccounts(backend),
    devices: consoleDevices(backend, hashEnrolmentCode),
    catalogue: (file: () => Promise<CatalogueDocument | null>) => consoleCatalogue(backend, file),
    inbox: (directory: ServiceDirectory) => consoleInbox(backend, directory),
    complaints: (directory: ServiceDirectory, agencies: () => Promise<Map<string, string>>) => consoleComplaints(backend, directory, agencies),
    dashboard: (directory: ServiceDirectory) => consoleDashboard(backend, directory),
    verifyAudit: () => verifyHubAudit(backend),
    async auditRecent(limit: number, offset: number) {
      const rows = await backend.run((q) => q.auditRecent(limit, offset));
      return rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown) }));
    },
    /** A device's last contact (the caller throttles). */
    async touchDevice(deviceId: string, at: string) {
      await backend.run((q) => q.touchDevice(deviceId, at));
    },
    /** What a device said of itself on its status page: kept for the device list. */
    async reportDevice(deviceId: string, report: DeviceReportRow) {
      await backend.run((q) => q.reportDevice(deviceId, report));
    },
    /** The office a device published its letter key for (how catalogue targets reach it). */
    async officeOf(deviceId: string): Promise<string | null> {
      return backend.run((q) => q.deviceOffice(deviceId));
    },
  };
}

export type HubConsole = ReturnType<typeof hubConsole>;
