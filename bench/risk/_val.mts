import { validateResourceStrict } from '@careweave/fhir';
const base = { resourceType: 'RiskAssessment', status: 'final', subject: { reference: 'Patient/x' } };
for (const pred of [{ probabilityDecimal: 0.05 }, { qualitativeRisk: { text: 'x' } }, { probabilityDecimal: 0.05, rationale: 'x' }, {probabilityRange: {low: {value: 1}}}]) {
  const issues = validateResourceStrict({ ...base, prediction: [pred] } as never).filter((i) => i.severity === 'error');
  console.log(JSON.stringify(pred), issues.map((i) => i.details?.text ?? i.diagnostics));
}
