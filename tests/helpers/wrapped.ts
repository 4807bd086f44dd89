/** A method as a wrapper sees it: the real one, bound to its object. */
type Method = (...a: never[]) => unknown;

/**
 * `target` with some of its methods wrapped (the rest bound as they are): a real object whose
 * calls a test delays, holds or times, e.g. a hub store whose enrolments answer late.
 */
export function wrapped<T extends object>(target: T, wraps: { [K in keyof T]?: (real: T[K] & Method) => T[K] }): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const v: unknown = Reflect.get(t, prop, receiver);
      if (typeof v !== 'function') return v;
      const real = (v as Method).bind(t);
      const wrap = (wraps as Record<PropertyKey, ((real: Method) => unknown) | undefined>)[prop];
      return wrap ? wrap(real) : real;
    },
  });
}
