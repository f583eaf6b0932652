import { Alert, List } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import { useAssessmentSummary } from '../hooks';

/**
 * The safety flag at the top of the summary: thoughts of self-harm reported on a PHQ-9 (item 9).
 * Shown in words and with an icon-free red alert (colour is never the only signal).
 */
export function SafetyBanner({ patientId }: { patientId: string }) {
  const summary = useAssessmentSummary(patientId);
  const flags = summary.data?.safetyFlags ?? [];
  if (flags.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      role="alert"
      title="Safety alert: thoughts of self-harm reported"
      data-safety-flag={flags.length}
    >
      <List size="sm" c="white">
        {flags.map((f) => (
          <List.Item key={f.flag}>
            {f.text}
            {f.since ? ` — ${formatDate(f.since)}` : ''}. An urgent safety assessment task is on the
            behavioural-health clinician’s worklist.
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
