export * from './protocol.js';
export * from './container.js';
export * from './jsontext.js';
