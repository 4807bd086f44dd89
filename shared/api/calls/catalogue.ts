import { z } from 'zod';
import { call } from '../define.js';
import type { AgencyDefinition } from '../../catalogue/agency.js';
import type { ServiceDefinition } from '../../catalogue/schema.js';

export interface CatalogueView {
  /** The agencies (OPD) in display order; every service names one. */
  agencies: AgencyDefinition[];
  services: ServiceDefinition[];
  revision: string;
  loadedAt: string;
  /** Problems of the last load attempt, each "file X: field Y: problem"; the active catalogue is the last good one. */
  errors: string[];
  source: 'files' | 'last-good' | 'none';
}

export const catalogueCalls = {
  'catalogue:list': call<CatalogueView>()(['open'], z.object({}).strict()),
  'catalogue:reload': call<CatalogueView>()(['settings.manage'], z.object({}).strict()),
};
