import type {
  MedicationReconciliationView,
  ReconciliationDecision,
  ReconciliationLine,
} from '@careweave/contract';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { useReconciliation, useRecordReconciliation } from '../hooks/useTransitions';
import {
  CHANGE_COLOR,
  CHANGE_LABEL,
  DECISION_LABEL,
  emptyDecisions,
  problems,
  stayKind,
  type DraftDecision,
} from '../model/transitions';

const DECISIONS: ReconciliationDecision[] = ['continue', 'stop', 'change'];

function Side({ side }: { side: ReconciliationLine['before'] }) {
  if (!side)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return <Text size="sm">{side.dosage ?? 'dose not given'}</Text>;
}

function DecisionCell({
  line,
  draft,
  onChange,
}: {
  line: ReconciliationLine;
  draft: DraftDecision;
  onChange: (d: DraftDecision) => void;
}) {
  return (
    <Stack gap={4}>
      <SegmentedControl
        size="xs"
        aria-label={`Decision for ${line.medication}`}
        value={draft.decision ?? ''}
        onChange={(v) => onChange({ ...draft, decision: v as ReconciliationDecision })}
        data={DECISIONS.map((d) => ({ value: d, label: DECISION_LABEL[d] }))}
      />
      {draft.decision && draft.decision !== 'continue' && (
        <TextInput
          size="xs"
          label={`Reason to ${draft.decision} ${line.medication}`}
          value={draft.reason}
          onChange={(e) => onChange({ ...draft, reason: e.currentTarget.value })}
          required
        />
      )}
      {draft.decision === 'change' && (
        <TextInput
          size="xs"
          label={`New dose of ${line.medication}`}
          placeholder={line.discharge?.dosage ?? line.before?.dosage ?? ''}
          value={draft.dosage}
          onChange={(e) => onChange({ ...draft, dosage: e.currentTarget.value })}
        />
      )}
    </Stack>
  );
}

function Recorded({ line }: { line: ReconciliationLine }) {
  const d = line.decision;
  if (!d) return null;
  return (
    <Text size="sm">
      <strong>{DECISION_LABEL[d.decision]}</strong>
      {d.dosage ? ` · ${d.dosage}` : ''}
      {d.reason ? ` — ${d.reason}` : ''}
    </Text>
  );
}

function Lines({
  view,
  drafts,
  setDraft,
}: {
  view: MedicationReconciliationView;
  drafts: Record<string, DraftDecision>;
  setDraft: (key: string, d: DraftDecision) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table
        striped
        verticalSpacing={6}
        fz="sm"
        aria-label="Medicines before admission and at discharge"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Medicine</Table.Th>
            <Table.Th>Before admission</Table.Th>
            <Table.Th>At discharge</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>Decision</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.lines.map((line) => (
            <Table.Tr key={line.key} data-line={line.key} data-change={line.change}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {line.medication}
                </Text>
              </Table.Td>
              <Table.Td>
                <Side side={line.before} />
              </Table.Td>
              <Table.Td>
                <Side side={line.discharge} />
              </Table.Td>
              <Table.Td>
                <Badge color={CHANGE_COLOR[line.change]} variant="light" size="sm">
                  {CHANGE_LABEL[line.change]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {view.reconciled ? (
                  <Recorded line={line} />
                ) : (
                  <DecisionCell
                    line={line}
                    draft={drafts[line.key] ?? { reason: '', dosage: '' }}
                    onChange={(d) => setDraft(line.key, d)}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Reconcile({ patientId, view }: { patientId: string; view: MedicationReconciliationView }) {
  const [drafts, setDrafts] = useState<Record<string, DraftDecision>>(() =>
    emptyDecisions(view.lines),
  );
  const [tried, setTried] = useState(false);
  const record = useRecordReconciliation(patientId);
  const open = problems(view.lines, drafts);
  const submit = (): void => {
    setTried(true);
    if (open.length > 0) return;
    record.mutate({
      encounter: view.stay.encounter,
      decisions: view.lines.map((l) => {
        const d = drafts[l.key] as DraftDecision;
        return {
          key: l.key,
          decision: d.decision as ReconciliationDecision,
          ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
          ...(d.decision === 'change' && d.dosage.trim() ? { dosage: d.dosage.trim() } : {}),
        };
      }),
    });
  };
  return (
    <Stack gap="sm">
      <Lines
        view={view}
        drafts={drafts}
        setDraft={(key, d) => setDrafts((all) => ({ ...all, [key]: d }))}
      />
      {tried && open.length > 0 && (
        <Alert color="yellow" variant="light" role="alert" title="Not recorded yet">
          {open.map((p) => (
            <Text key={p} size="sm">
              {p}
            </Text>
          ))}
        </Alert>
      )}
      {record.isError && (
        <Alert color="red" variant="light" role="alert" title="The reconciliation was not recorded">
          {record.error.message}
        </Alert>
      )}
      <Group>
        <Button onClick={submit} loading={record.isPending}>
          Record reconciliation
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * `/patients/{id}/medication-reconciliation`: the medicines before admission beside the
 * discharge list (added, stopped, dose changed), a decision per line (continue, stop, change,
 * with a reason), recorded as MedicationStatement updates plus a reconciliation record that
 * completes the reconciliation task.
 */
export function MedicationReconciliationPage({
  patientId,
  encounter,
}: {
  patientId: string;
  encounter?: string;
}) {
  const query = useReconciliation(patientId, encounter);
  const back = `/patients/${encodeURIComponent(patientId)}`;
  if (query.isPending) return <Loader aria-label="Loading the medication lists" />;
  if (query.isError)
    return (
      <Stack maw={720}>
        <Title order={1}>Medication reconciliation</Title>
        <Alert color="red" variant="light" role="alert" title="Could not open the reconciliation">
          {query.error.message}
        </Alert>
        <Link to={back}>Back to the summary</Link>
      </Stack>
    );
  const view = query.data;
  const stay = view.stay;
  return (
    <Stack gap="md" data-reconciliation={view.reconciled ? 'done' : 'open'}>
      <Group justify="space-between" align="baseline">
        <Title order={1}>Medication reconciliation</Title>
        <Link to={back}>Back to the summary</Link>
      </Group>
      <Text size="sm">
        {stayKind(stay)}
        {stay.where ? ` at ${stay.where}` : ''}: admitted {formatDate(stay.admitted)}
        {stay.discharged ? `, discharged ${formatDate(stay.discharged)}` : ', still in hospital'}.
        {view.task?.due && !view.reconciled
          ? ` Due by ${formatDate(view.task.due)} (HEDIS TRC: day 30).`
          : ''}
      </Text>
      {!view.dischargeListReceived && (
        <Alert
          color="blue"
          variant="light"
          role="note"
          title="No discharge medication list received"
        >
          The hospital has not sent a discharge list: every medicine shows as not on it. Check with
          the ward or the discharge letter before deciding.
        </Alert>
      )}
      {view.reconciled && (
        <Alert color="green" variant="light" role="status" title="Reconciled">
          Recorded by {view.reconciled.byName ?? view.reconciled.by} on{' '}
          {formatDate(view.reconciled.at)}.
        </Alert>
      )}
      {view.lines.length === 0 && (
        <Text size="sm" c="dimmed">
          No medicines on either list.
        </Text>
      )}
      {view.reconciled ? (
        <Lines view={view} drafts={{}} setDraft={() => undefined} />
      ) : (
        <Reconcile key={stay.encounter} patientId={patientId} view={view} />
      )}
    </Stack>
  );
}
