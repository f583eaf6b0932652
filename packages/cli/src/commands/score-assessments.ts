import { INSTRUMENTS, ScoreError, parseAnswerList, scoreFrequency } from '@careweave/care';
import type { Command } from 'commander';
import { fail } from '../options.js';

type Key = 'phq9' | 'phq2' | 'gad7';

/**
 * `careweave score phq9|phq2|gad7 --answers 1,0,2,…`: the standardized assessments as calculators,
 * scored by the same functions the server uses for completed QuestionnaireResponses
 * (care/assessments). A readable line, then one JSON object on the last line —
 * PHQ-9 `{"score","band","safety"}`, GAD-7 `{"score","band"}`, PHQ-2 `{"score","positive"}`.
 * Impossible answers (out of range, not numbers, too few or too many) exit 1 naming the item.
 */
export function registerAssessmentScores(score: Command): void {
  const add = (key: Key, description: string): void => {
    const n = INSTRUMENTS[key].items.length;
    score
      .command(key)
      .description(description)
      .requiredOption(
        '--answers <list>',
        `${n} comma-separated item scores 0-3, in the instrument's order (0 not at all … 3 nearly every day)`,
      )
      .action((flags: { answers: string }) => run(key, flags.answers));
  };
  add('phq9', 'PHQ-9 depression severity 0-27 with its band and item 9 safety (Kroenke 2001)');
  add('phq2', 'PHQ-2 depression screen 0-6, positive at 3 or more (Kroenke 2003)');
  add('gad7', 'GAD-7 anxiety severity 0-21 with its band (Spitzer 2006)');
}

function run(key: Key, answers: string): void {
  let summary: ReturnType<typeof scoreFrequency>;
  try {
    summary = scoreFrequency(key, parseAnswerList(key, answers));
  } catch (err) {
    if (err instanceof ScoreError) fail(err.message);
    throw err;
  }
  const title = INSTRUMENTS[key].title;
  const words =
    'band' in summary
      ? `${summary.band}${'safety' in summary && summary.safety ? ' — item 9 (thoughts of self-harm) answered above 0: assess safety today' : ''}`
      : summary.positive
        ? 'positive screen: follow with a PHQ-9'
        : 'negative screen';
  process.stdout.write(`${title} ${summary.score} (${words})\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
