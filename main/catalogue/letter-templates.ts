import type { ServiceDefinition } from '../../shared/catalogue/schema.js';
import { checkTemplate, parseTemplate, type LetterTemplate } from '../../shared/letters/template.js';

/** The letter templates of one catalogue: the texts as read (kept in the last good copy) and parsed. */
export interface TemplateSet {
  texts: Record<string, string>;
  parsed: Map<string, LetterTemplate>;
}

/**
 * Parses every template and checks each against the services that name it: an unknown
 * placeholder, or a service naming a template that is not there, is a catalogue error
 * (`file letters/<id>.txt: line N: unknown placeholder {x}`), so the whole load is refused.
 */
export function readLetterTemplates(texts: Record<string, string>, services: ServiceDefinition[]): { set: TemplateSet; errors: string[] } {
  const errors: string[] = [];
  const parsed = new Map<string, LetterTemplate>();
  for (const [id, text] of Object.entries(texts)) {
    const r = parseTemplate(`${id}.txt`, text);
    if (r.ok) parsed.set(id, r.template);
    else errors.push(...r.errors);
  }
  for (const svc of services) {
    if (svc.letter === undefined) continue;
    const template = parsed.get(svc.letter);
    if (!template) {
      if (!(svc.letter in texts)) errors.push(`file ${svc.id}.json: field letter: no letter template "${svc.letter}" in the catalogue (add letters/${svc.letter}.txt)`);
      continue;
    }
    errors.push(...checkTemplate(template, svc));
  }
  return { set: { texts, parsed }, errors: [...new Set(errors)] };
}
