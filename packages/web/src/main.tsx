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
const resolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-anchor': '#06604a' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-gray-4)' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retry once on server or network trouble; never on "not allowed" or "not found".
      retry: (count, error) => count < 1 && (!(error instanceof HttpError) || error.status === 0 || error.status >= 500),
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
