import type { ErrorView } from './error-text.js';

/** What is wrong with one field, beside it (Bahasa), from the hub's answer; nothing when the field is fine. */
export function FieldError({ name, view }: { name: string; view: ErrorView | null }) {
  const problem = view?.fields[name];
  if (!problem) return null;
  return (
    <span className="error field-error" id={`field-error-${name}`} data-testid={`field-error-${name}`} role="alert">
      {problem}
    </span>
  );
}

/** The props that mark an input bad and tie it to its FieldError. */
export function invalidProps(name: string, view: ErrorView | null): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return view?.fields[name] ? { 'aria-invalid': true, 'aria-describedby': `field-error-${name}` } : {};
}
