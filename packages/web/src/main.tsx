import './mantine-styles';
import './styles.css';
import { createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AuthProvider } from './features/auth/hooks/useAuth';
import { HttpError } from './lib/http';

const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  focusRing: 'always',
});

// Mantine's default "dimmed" grey (gray.6) and teal links are below WCAG AA 4.5:1 on striped or
// hovered table rows; these keep text and links at AA or better everywhere.
// "light" variants (badges, alerts) draw their text in these darker shades: at least 5:1 on their
// tinted backgrounds (Mantine's shade 6, and even shade 9 for orange and green, fall short).
const LIGHT_TEXT: Record<string, string> = {
  orange: '#9c3608',
  green: '#1f6b30',
  yellow: '#6e5200',
  red: '#a51d1d',
  grape: '#7a2a8c',
  blue: '#1864ab',
  teal: '#06604a',
  gray: '#343a40',
};
const LIGHT_TEXT_VARS = Object.fromEntries(
  Object.entries(LIGHT_TEXT).map(([c, hex]) => [`--mantine-color-${c}-light-color`, hex]),
);
const resolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': '#06604a',
    // With primaryShade 9 Mantine hovers filled buttons one shade lighter (teal.8: 3.9:1 under
    // white text); hovering must not drop below AA, so it goes darker instead.
    '--mantine-color-teal-filled-hover': '#06604a',
    '--mantine-primary-color-filled-hover': '#06604a',
    ...LIGHT_TEXT_VARS,
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-gray-4)' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retry once on server or network trouble; never on "not allowed" or "not found".
      retry: (count, error) =>
        count < 1 && (!(error instanceof HttpError) || error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) {
  throw new Error('#root is missing from index.html');
}
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={resolver}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <App />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
