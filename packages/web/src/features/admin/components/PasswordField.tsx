import { Button, Group, PasswordInput, Text } from '@mantine/core';
import { generateTemporaryPassword, MIN_PASSWORD_LENGTH } from '../model/passwords';

/** A password to hand over: typed, or generated (and then shown, so it can be read out). */
export function PasswordField({
  label,
  value,
  onChange,
  visible,
  onVisibleChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  visible: boolean;
  onVisibleChange: (visible: boolean) => void;
}) {
  return (
    <div>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <PasswordInput
          label={label}
          required
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          visible={visible}
          onVisibilityChange={onVisibleChange}
          autoComplete="new-password"
          style={{ flex: 1 }}
        />
        <Button
          variant="default"
          onClick={() => {
            onChange(generateTemporaryPassword());
            onVisibleChange(true);
          }}
        >
          Generate
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        At least {MIN_PASSWORD_LENGTH} characters; common passwords are refused.
      </Text>
    </div>
  );
}
