/** What native/ code logs through: main/ passes its Logger; tests and the CLI may pass their own. */
export interface NativeLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: NativeLogger = { info() {}, warn() {}, error() {} };
