/**
 * Reading a payment contract (README "The contract JSON"): every field checked, every mistake
 * named, so a bad file is a 400 / a CLI message and never a wrong payment.
 */
import { isSqlMeasureId, type PaymentContract, type QualityGateRule } from '@careweave/contract';
import { invalidInput } from '../shared/care-errors.js';
import { isMonth } from './months.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function rate(body: Json, name: string): number {
  const v = body[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw invalidInput(`"${name}" must be a fraction between 0 and 1 (0.02 = 2%)`, name);
  }
  return v;
}

function amount(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw invalidInput(`"${name}" must be a non-negative amount`, name);
  }
  return v;
}

function monthRange(v: unknown, name: string): { start: string; end: string } {
  if (!isObject(v) || !isMonth(v['start']) || !isMonth(v['end'])) {
    throw invalidInput(`"${name}" must be {"start": "YYYY-MM", "end": "YYYY-MM"}`, name);
  }
  if (v['end'] < v['start']) throw invalidInput(`"${name}" ends before it starts`, name);
  return { start: v['start'], end: v['end'] };
}

function gateRule(v: unknown, i: number): QualityGateRule {
  const where = `qualityGate[${i}]`;
  if (!isObject(v) || !isSqlMeasureId(v['measure'])) {
    throw invalidInput(`"${where}.measure" must be the id of a Careweave SQL measure`, where);
  }
  const rule: QualityGateRule = { measure: v['measure'] };
  if (v['min'] !== undefined) rule.min = amount(v['min'], `${where}.min`);
  if (v['max'] !== undefined) rule.max = amount(v['max'], `${where}.max`);
  if (rule.min === undefined && rule.max === undefined) {
    throw invalidInput(`"${where}" needs "min" or "max"`, where);
  }
  return rule;
}

/** A PaymentContract from parsed JSON, or a 400 naming the first mistake. */
export function parsePaymentContract(value: unknown): PaymentContract {
  if (!isObject(value)) throw invalidInput('The contract must be a JSON object');
  const name = value['name'];
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalidInput('"name" must be a non-empty string', 'name');
  }
  const b = value['benchmark'];
  let benchmark: PaymentContract['benchmark'];
  if (isObject(b) && b['pmpm'] !== undefined) {
    benchmark = { pmpm: amount(b['pmpm'], 'benchmark.pmpm') };
  } else if (isObject(b) && b['baselinePeriod'] !== undefined) {
    const trend = b['trend'] ?? 0;
    if (typeof trend !== 'number' || !Number.isFinite(trend) || trend < -1 || trend > 1) {
      throw invalidInput('"benchmark.trend" must be an annual fraction (0.03 = 3%)', 'benchmark');
    }
    benchmark = {
      baselinePeriod: monthRange(b['baselinePeriod'], 'benchmark.baselinePeriod'),
      trend,
    };
  } else {
    throw invalidInput(
      '"benchmark" must be {"pmpm": amount} or {"baselinePeriod": {...}, "trend": fraction}',
      'benchmark',
    );
  }
  const gate = value['qualityGate'] ?? [];
  if (!Array.isArray(gate)) throw invalidInput('"qualityGate" must be an array', 'qualityGate');
  const contract: PaymentContract = {
    name,
    benchmark,
    minimumSavingsRate: rate(value, 'minimumSavingsRate'),
    sharingRate: rate(value, 'sharingRate'),
    capRate: rate(value, 'capRate'),
    qualityGate: gate.map(gateRule),
  };
  if (value['performancePeriod'] !== undefined) {
    contract.performancePeriod = monthRange(value['performancePeriod'], 'performancePeriod');
  }
  const lookback = value['lookbackMonths'];
  if (lookback !== undefined) {
    if (
      typeof lookback !== 'number' ||
      !Number.isInteger(lookback) ||
      lookback < 1 ||
      lookback > 36
    ) {
      throw invalidInput('"lookbackMonths" must be a whole number from 1 to 36', 'lookbackMonths');
    }
    contract.lookbackMonths = lookback;
  }
  const cap = value['capitation'];
  if (cap !== undefined) {
    if (!isObject(cap)) throw invalidInput('"capitation" must be an object', 'capitation');
    const riskAdjusted = cap['riskAdjusted'] ?? false;
    if (typeof riskAdjusted !== 'boolean') {
      throw invalidInput('"capitation.riskAdjusted" must be true or false', 'capitation');
    }
    contract.capitation = { pmpm: amount(cap['pmpm'], 'capitation.pmpm'), riskAdjusted };
  }
  return contract;
}

/** `YYYY-MM..YYYY-MM` (or one month) as a period, or a 400. */
export function parsePeriod(text: string): { start: string; end: string } {
  const [start, end = start] = text.split('..');
  if (!isMonth(start) || !isMonth(end)) {
    throw invalidInput(`period must be YYYY-MM..YYYY-MM (got "${text}")`, 'period');
  }
  if (end < start) throw invalidInput('period ends before it starts', 'period');
  return { start, end };
}
