/**
 * Mantine component styles only the administration pages use (the shared set in
 * mantine-styles.ts loads first).
 */
import '@mantine/core/styles/Pill.css';
import '@mantine/core/styles/PillsInput.css';
import '@mantine/core/styles/InlineInput.css';
import '@mantine/core/styles/CheckboxIndicator.css';
