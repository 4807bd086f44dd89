/** A stick or an answer that cannot be used as it is: the message says why, in plain English, and nothing was changed. */
export class UsbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsbError';
  }
}
