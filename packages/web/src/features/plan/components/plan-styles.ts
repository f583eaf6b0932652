/**
 * Mantine component styles only the plan screens use. The app's shared set (mantine-styles.ts,
 * Modal and Checkbox included) is loaded first, so these come after the baseline.
 */
import '@mantine/core/styles/InlineInput.css';
import '@mantine/core/styles/CheckboxIndicator.css';
import '@mantine/core/styles/Radio.css';
import '@mantine/core/styles/NumberInput.css';
import '@mantine/core/styles/Progress.css';
import '@mantine/core/styles/Blockquote.css';
