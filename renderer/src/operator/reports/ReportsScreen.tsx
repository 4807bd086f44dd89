import { useState } from 'react';
import { SKM_UNSUR } from '../../../../shared/catalogue/skm.js';
import { wibDay } from '../../../../shared/domain/working-days.js';
import { REPORT_KINDS, type Period, type ReportKind } from '../../../../shared/reports/reports.js';
import { useQuery } from '../../api/hooks.js';
import { useI18n } from '../../i18n/i18n.js';
import { BarTable, countBars as counts } from './BarTable.js';
import { num } from './format.js';
import { QueueReportView } from './QueueReportView.js';
import { ReportExport } from './ReportExport.js';
import { PeriodPicker } from './PeriodPicker.js';


/** The office's reports (verifier, signatory, admin): a period, one report's charts and tables, CSV and PDF. */
export function ReportsScreen() {
  const { t } = useI18n();
  const today = wibDay(new Date().toISOString());
  const [period, setPeriod] = useState<Period | null>({ from: today, to: today });
  const [kind, setKind] = useState<ReportKind>('services');
  return (
    <section className="panel reports" aria-labelledby="reports-title" data-testid="reports">
      <h2 id="reports-title">{t('reports.title')}</h2>
      <PeriodPicker today={today} onChange={setPeriod} />
      <div className="status-tabs" role="group" aria-label={t('reports.title')}>
        {REPORT_KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} data-testid={`report-kind-${k}`} onClick={() => setKind(k)}>
            {t(`reports.kind.${k}`)}
          </button>
        ))}
      </div>
      {period && (
        <>
          <ReportExport kind={kind} period={period} />
          {kind === 'services' && <ServicesView period={period} />}
          {kind === 'sla' && <SlaView period={period} />}
          {kind === 'queue' && <QueueReportView period={period} />}
          {kind === 'ikm' && <IkmView period={period} />}
        </>
      )}
    </section>
  );
}

function Failed({ message }: { message: string }) {
  const { t } = useI18n();
  return <p role="alert" className="problem">{t('reports.failed', { message })}</p>;
}

function ServicesView({ period }: { period: Period }) {
  const { t } = useI18n();
  const q = useQuery('reports:services', { period }, ['submissions:changed']);
  if (q.error) return <Failed message={q.error.message} />;
  const r = q.data;
  if (!r) return <p>{t('app.loading')}</p>;
  const group = t('reports.col.group');
  const count = t('reports.count');
  return (
    <div data-testid="report-services" data-total={r.total}>
      <p className="report-headline" data-testid="report-total">{t('reports.total', { n: num(r.total) })}</p>
      <BarTable id="service" title={t('reports.byService')} items={counts(r.byService)} labelHeader={group} valueHeader={count} />
      <BarTable id="desa" title={t('reports.byDesa')} items={counts(r.byDesa)} labelHeader={group} valueHeader={count} />
      <BarTable id="dusun" title={r.dusunDesa ? t('reports.byDusunOf', { desa: r.dusunDesa }) : t('reports.byDusun')} items={counts(r.byDusun)} labelHeader={group} valueHeader={count} />
      <BarTable id="channel" title={t('reports.byChannel')} items={counts(r.byChannel)} labelHeader={group} valueHeader={count} />
      <BarTable id="status" title={t('reports.byStatus')} items={counts(r.byStatus)} labelHeader={group} valueHeader={count} />
      <h3 data-testid="report-complaints">{t('reports.complaints', { n: num(r.complaints.total) })}</h3>
      <BarTable id="complaint-status" title={t('reports.complaintsByStatus')} items={counts(r.complaints.byStatus)} labelHeader={group} valueHeader={count} />
      <BarTable id="complaint-service" title={t('reports.complaintsByService')} items={counts(r.complaints.byService)} labelHeader={group} valueHeader={count} />
    </div>
  );
}

function SlaView({ period }: { period: Period }) {
  const { t } = useI18n();
  const q = useQuery('reports:sla', { period }, ['submissions:changed']);
  if (q.error) return <Failed message={q.error.message} />;
  const r = q.data;
  if (!r) return <p>{t('app.loading')}</p>;
  const met = r.rows.filter((s) => s.metPct !== null).map((s) => ({ key: s.serviceId, label: s.label, value: s.metPct!, text: `${num(s.metPct, 1)}%` }));
  return (
    <div data-testid="report-sla">
      <BarTable id="sla" title={t('reports.sla.chart')} items={met} max={100} labelHeader={t('reports.sla.col.service')} valueHeader={t('reports.sla.col.pct')} />
      <table className="dense report-table" data-testid="table-sla-detail">
        <thead>
          <tr>
            {(['service', 'days', 'finished', 'met', 'pct', 'median', 'p90'] as const).map((c) => (
              <th key={c} scope="col">{t(`reports.sla.col.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.rows.map((s) => (
            <tr key={s.serviceId} data-key={s.serviceId}>
              <th scope="row">{s.label}</th>
              <td className="num">{num(s.slaDays)}</td>
              <td className="num">{num(s.finished)}</td>
              <td className="num">{num(s.met)}</td>
              <td className="num">{num(s.metPct, 1)}</td>
              <td className="num">{num(s.medianDays)}</td>
              <td className="num">{num(s.p90Days)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IkmView({ period }: { period: Period }) {
  const { t } = useI18n();
  const q = useQuery('reports:ikm', { period });
  if (q.error) return <Failed message={q.error.message} />;
  const r = q.data;
  if (!r) return <p>{t('app.loading')}</p>;
  const o = r.overall;
  const unsur = SKM_UNSUR.filter((u) => o.nrr[u] !== null).map((u) => ({ key: u, label: u.toUpperCase(), value: o.nrr[u]!, text: num(o.nrr[u], 3) }));
  const perService = r.byService.filter((s) => s.converted !== null).map((s) => ({ key: s.serviceId, label: s.label, value: s.converted!, text: num(s.converted, 2) }));
  return (
    <div data-testid="report-ikm" data-responses={o.responses} data-ikm={o.converted ?? ''} data-mutu={o.mutu ?? ''}>
      <p className="report-headline" data-testid="ikm-summary">
        {t('reports.ikm.summary', { n: num(o.responses), ikm: num(o.converted, 2), mutu: o.mutu ?? '-', kinerja: o.kinerja ?? '-' })}
      </p>
      <p className="hint">{t('reports.ikm.basis')}</p>
      <BarTable id="ikm-unsur" title={t('reports.ikm.unsur')} items={unsur} max={4} labelHeader={t('reports.ikm.col.unsur')} valueHeader={t('reports.ikm.col.nrr')} />
      <table className="dense report-table" data-testid="table-ikm-weighted">
        <thead>
          <tr>
            <th scope="col">{t('reports.ikm.col.unsur')}</th>
            <th scope="col">{t('reports.ikm.col.nrr')}</th>
            <th scope="col">{t('reports.ikm.col.weighted')}</th>
          </tr>
        </thead>
        <tbody>
          {SKM_UNSUR.map((u) => (
            <tr key={u} data-key={u}>
              <th scope="row">{u.toUpperCase()}</th>
              <td className="num">{num(o.nrr[u], 3)}</td>
              <td className="num">{num(o.weighted[u], 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <BarTable id="ikm-service" title={t('reports.ikm.byService')} items={perService} max={100} labelHeader={t('reports.ikm.col.service')} valueHeader={t('reports.ikm.col.converted')} />
      <table className="dense report-table" data-testid="table-ikm-service-detail">
        <thead>
          <tr>
            <th scope="col">{t('reports.ikm.col.service')}</th>
            <th scope="col">{t('reports.ikm.col.responses')}</th>
            <th scope="col">{t('reports.ikm.col.converted')}</th>
            <th scope="col">{t('reports.ikm.col.mutu')}</th>
          </tr>
        </thead>
        <tbody>
          {r.byService.map((s) => (
            <tr key={s.serviceId} data-key={s.serviceId}>
              <th scope="row">{s.label}</th>
              <td className="num">{num(s.responses)}</td>
              <td className="num">{num(s.converted, 2)}</td>
              <td>{s.mutu ?? '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
