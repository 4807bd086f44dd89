import { z } from 'zod';
import { call } from '../define.js';
import { SubmissionId, SubmissionStatus, type StatusEntry, type Submission, type SubmissionSummary } from '../../domain/submission.js';

export const ListSubmissionsRequest = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
    status: SubmissionStatus.optional(),
  })
  .strict();

export interface SubmissionPage {
  items: SubmissionSummary[];
  total: number;
}

export interface SubmissionDetail extends Submission {
  history: StatusEntry[];
}

export const submissionCalls = {
  'submissions:list': call<SubmissionPage>()(['requests.read'], ListSubmissionsRequest),
  'submissions:get': call<SubmissionDetail>()(['requests.read'], z.object({ id: SubmissionId }).strict()),
};
