import { EscPosPrinter, PrinterNotReady } from '../../../native/printer/driver.js';
import { receiptBytes } from '../../../native/printer/escpos.js';
import { buildReceipt, type ReceiptData } from '../../../shared/devices/receipt.js';
import { createLogger } from '../../log.js';
import { parseOptions, UsageError, type Command } from '../command.js';

export const SAMPLE_RECEIPT: ReceiptData = {
  officeName: 'Desa Kramatwatu',
  officeLine: 'Kecamatan Kramatwatu, Kabupaten Serang',
  serviceTitle: 'Surat Keterangan Domisili (CONTOH)',
  registrationNo: '052001-TEST-000000-0001',
  trackingCode: 'TEST0001',
  issuedAt: 'cetak uji',
  queueNo: 'A-001',
  requirements: ['Surat pengantar RT/RW', 'Fotokopi KTP dan Kartu Keluarga'],
  sla: '3 hari kerja',
};

export const printTestCommand: Command = {
  name: 'print-test',
  summary: 'print a sample receipt (status checked before and after)',
  usage: `anjungan print-test --printer tcp://HOST:PORT|serial:/dev/ttyX [--paper 58|80]`,
  async run(argv) {
    const { values } = parseOptions(argv, { printer: { type: 'string' }, paper: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.printer) throw new UsageError('--printer is required');
    const columns = values.paper === '58' ? 32 : 48;
    let printer: EscPosPrinter;
    try {
      printer = new EscPosPrinter(values.printer, { log: createLogger('print-test') });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    try {
      const r = await printer.print(receiptBytes(buildReceipt(SAMPLE_RECEIPT, columns), columns));
      process.stdout.write(`printed ${r.bytes} bytes in ${Math.round(r.ms)} ms\n`);
      return 0;
    } catch (err) {
      process.stderr.write(`print-test: ${err instanceof PrinterNotReady ? err.message : `cannot print: ${err instanceof Error ? err.message : String(err)}`}\n`);
      return 1;
    }
  },
};
