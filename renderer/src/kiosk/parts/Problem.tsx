import { useEffect } from 'react';
import type { AnswerProblem } from '../../../../shared/catalogue/answers.js';
import { useI18n } from '../../i18n/i18n.js';
import { useVoice } from '../voice.js';

/** A problem in plain words, said aloud as soon as it appears; each one says what to do. */
export function Problem({ problem }: { problem: AnswerProblem | undefined }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const text = problem ? t(problem.key, problem.values) : '';
  const key = problem?.key;
  const plain = problem?.values !== undefined;
  useEffect(() => {
    if (key) say([plain ? { text } : { key, text }]);
  }, [text, key, plain, say]);
  if (!problem) return null;
  return (
    <p className="problem" role="alert" data-testid="problem">
      <span aria-hidden="true">⚠ </span>
      {text}
    </p>
  );
}
