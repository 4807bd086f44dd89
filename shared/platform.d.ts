/**
 * The only runtime globals shared/ may use beyond ECMAScript: the WHATWG Encoding API, present
 * in every place shared/ runs (Node, Chromium, Electron). Declared here, narrowly, because
 * shared/ compiles without the DOM and Node libraries to prove it uses nothing else.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
