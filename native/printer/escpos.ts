import ntp from 'node-thermal-printer';
import type { ReceiptElement } from '../../shared/devices/receipt.js';

const { ThermalPrinter, PrinterTypes } = ntp;

/**
 * Receipt elements → ESC/POS bytes, built with node-thermal-printer (EPSON command set: native
 * QR with GS ( k). Only the buffer is used: the bytes are written by our own TCP/serial link so
 * that the status queries travel on the same connection.
 */
export function receiptBytes(elements: ReceiptElement[], columns: number): Buffer {
  // The interface string is never opened: we only call getBuffer().
  const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: 'tcp://127.0.0.1:9', width: columns, removeSpecialCharacters: false });
  p.append(Buffer.from([0x1b, 0x40])); // ESC @: start from a known state
  for (const e of elements) {
    switch (e.kind) {
      case 'text':
        if (e.align === 'center') p.alignCenter();
        else if (e.align === 'right') p.alignRight();
        else p.alignLeft();
        p.bold(e.bold);
        p.setTextSize(e.size - 1, e.size - 1);
        p.println(e.text);
        break;
      case 'rule':
        p.alignLeft();
        p.bold(false);
        p.setTextNormal();
        p.drawLine('-');
        break;
      case 'qr':
        p.alignCenter();
        p.printQR(e.data, { cellSize: e.cellSize, correction: 'M', model: 2 });
        p.newLine();
        break;
      case 'feed':
        for (let i = 0; i < e.lines; i++) p.newLine();
        break;
      case 'cut':
        p.alignLeft();
        p.cut();
        break;
    }
  }
  const buf = p.getBuffer();
  // node-thermal-printer follows a cut with ESC @; we already start each job with one, and a
  // trailing reset would leave the printer holding bytes that belong to no receipt.
  const tail = buf.subarray(-5);
  return tail.equals(Buffer.from([0x1d, 0x56, 0x00, 0x1b, 0x40])) ? buf.subarray(0, -2) : buf;
}
