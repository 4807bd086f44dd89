import type { KioskReceipt } from '../../shared/api/calls/kiosk.js';
import { ApiFailure } from '../../shared/api/result.js';
import type { ReceiptData } from '../../shared/devices/receipt.js';
import { requestOf, type StoredRequest } from '../../shared/domain/request.js';
import type { Submission } from '../../shared/domain/submission.js';
import { officeName } from '../../shared/domain/wilayah.js';
import type { CoreServices } from './services.js';

type Deps = Pick<CoreServices, 'catalogue' | 'settings'>;

/** The stored request of a submission that has a receipt (imported records have none). */
function requestWithReceipt(sub: Submission): StoredRequest {
  const request = requestOf(sub.payload);
  if (!request) throw new ApiFailure('not_found', `submission ${sub.id} is not a request made here, so it has no receipt`);
  return request;
}

/** What the receipt screen shows: numbers, service, requirements, SLA, who completes it. */
export function receiptView(s: Deps, sub: Submission): KioskReceipt {
  const request = requestWithReceipt(sub);
  const svc = s.catalogue.find(sub.serviceId);
  return {
    submissionId: sub.id,
    registrationNo: sub.registrationNo,
    trackingCode: sub.trackingCode,
    queueNo: request.queueNo,
    serviceId: sub.serviceId,
    serviceTitle: svc?.title ?? sub.serviceId,
    requirements: svc?.requirements.map((r) => r.text) ?? [],
    sla: svc?.sla.text ?? '',
    completion: svc?.completion ?? 'desa',
    forwardTo: svc?.forwardTo ?? null,
    createdAt: sub.createdAt,
  };
}

/** What the printer prints, built by the core from the stored request, the catalogue and the office. */
export function receiptData(s: Deps, sub: Submission): ReceiptData {
  const view = receiptView(s, sub);
  const office = officeName(s.settings.get().officeCode);
  return {
    officeName: office ? `Desa ${office.desa}` : 'Kantor Desa',
    ...(office ? { officeLine: `Kecamatan ${office.kecamatan}, Kabupaten Serang` } : {}),
    serviceTitle: view.serviceTitle,
    registrationNo: view.registrationNo,
    trackingCode: view.trackingCode,
    issuedAt: localStamp(new Date(sub.createdAt)),
    queueNo: view.queueNo,
    requirements: view.requirements,
    ...(view.sla ? { sla: view.sla } : {}),
  };
}

/** "23/11/2026 09.30": the office's local time, as Indonesian forms write it. */
export function localStamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}.${p(d.getMinutes())}`;
}
