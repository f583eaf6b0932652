import { Button, Group, Select, Stack, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import type { PersonChoice } from '../../care-team/model/team';
import { insertMention, mentionQuery } from '../model/messages';

export interface MessageComposerProps {
  /** Team members who may be mentioned (the server refuses anyone else). */
  members: readonly PersonChoice[];
  label: string;
  submitLabel: string;
  pending: boolean;
  onSend: (text: string) => void;
  /** Keeps Send off while something else the message needs is missing (a new thread's topic). */
  sendDisabled?: boolean;
}

/**
 * The message box (the parent clears it after a send by changing its `key`). Typing `@` offers matching team members as buttons right below; the "Mention"
 * picker does the same from the keyboard without typing. Either way the text gets the API's
 * mention format (`@Practitioner/123`), which the server turns into a notification.
 */
export function MessageComposer({
  members,
  label,
  submitLabel,
  pending,
  onSend,
  sendDisabled = false,
}: MessageComposerProps) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const query = mentionQuery(text, caret);
  const matches =
    query === null
      ? []
      : members.filter((m) => m.label.toLowerCase().includes(query.toLowerCase())).slice(0, 6);

  const mention = (reference: string) => {
    const next = insertMention(text, caret, reference);
    setText(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <Stack gap={6}>
      <Textarea
        ref={box}
        label={label}
        autosize
        minRows={2}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setCaret(e.currentTarget.selectionStart);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        description="Type @ to mention someone on the care team; they are notified."
      />
      {matches.length > 0 && (
        <Group gap={4} role="group" aria-label="Mention suggestions">
          {matches.map((m) => (
            <Button
              key={m.value}
              size="compact-xs"
              variant="light"
              onClick={() => mention(m.value)}
              aria-label={`Mention ${m.label}`}
            >
              @{m.label}
            </Button>
          ))}
        </Group>
      )}
      <Group justify="space-between" align="flex-end">
        <Select
          label="Mention"
          placeholder="A team member"
          size="xs"
          w={240}
          data={members.map((m) => ({ value: m.value, label: m.label }))}
          value={null}
          onChange={(v) => v && mention(v)}
          searchable
        />
        <Button
          size="xs"
          loading={pending}
          disabled={sendDisabled || !text.trim()}
          onClick={() => {
            onSend(text);
          }}
        >
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}
