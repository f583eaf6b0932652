/**
 * The Mantine component styles only the plan screens use (mantine-styles.ts keeps the app's shared
 * set; importing these here keeps them out of other features' concerns and after the baseline).
 */
import '@mantine/core/styles/ModalBase.css';
import '@mantine/core/styles/Modal.css';
import '@mantine/core/styles/InlineInput.css';
import '@mantine/core/styles/Checkbox.css';
import '@mantine/core/styles/CheckboxIndicator.css';
import '@mantine/core/styles/Radio.css';
import '@mantine/core/styles/NumberInput.css';
import '@mantine/core/styles/Progress.css';
import '@mantine/core/styles/Blockquote.css';
import '@mantine/core/styles/Divider.css';
