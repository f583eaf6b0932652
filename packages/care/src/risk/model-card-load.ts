/** The model card from the database: the population's risk inputs, read set-based, then `buildModelCard`. */
import type { ModelCard } from '@careweave/contract';
import type { Repository } from '@careweave/store';
import { EvaluationError } from '@careweave/contract';
import { careError } from '../shared/care-errors.js';
import { RISK_OBSERVATION_CODES } from './codes.js';
import { buildModelCard } from './model-card.js';
import { buildPersons, type PersonRecord } from './person.js';

/** The day after the latest admission or ED visit (UTC midnight): the end of the data. */
export function endOfData(persons: ReadonlyMap<string, PersonRecord>): number | undefined {
  let latest = -Infinity;
  for (const p of persons.values()) {
    for (const s of p.stays) latest = Math.max(latest, s.start);
    for (const v of p.edVisits) latest = Math.max(latest, v.time);
  }
  return Number.isFinite(latest) ? (Math.floor(latest / 86_400_000) + 1) * 86_400_000 : undefined;
}

/** Loads the population and builds the card; 422 when there is nothing to validate on. */
export async function modelCardFromRepository(
  repo: Repository,
  options: { asOf?: number } = {},
): Promise<ModelCard> {
  const persons = buildPersons(
    await repo.readModels.riskInputs.load({}, { loinc: RISK_OBSERVATION_CODES }),
  );
  const asOf = options.asOf ?? endOfData(persons);
  if (persons.size === 0 || asOf === undefined) {
    throw careError(
      EvaluationError.TOO_LITTLE_DATA,
      'business-rule',
      'No admissions or ED visits recorded: there is nothing to validate the model on',
    );
  }
  return buildModelCard(persons, asOf);
}
