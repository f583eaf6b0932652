import { MantineProvider } from '@mantine/core';
import { configure } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { AuthProvider } from '../features/auth/hooks/useAuth';

/**
 * jsdom lacks `matchMedia`, `ResizeObserver` and `document.fonts`, which Mantine uses; component tests call this
 * before rendering (DESIGN §7).
 */
export function installDomStubs(): void {
  // `findBy…`/`waitFor` give up after 1 s by default; on a loaded 2-core machine a Mantine page can
  // take longer to settle than that, which failed correct code. Wait up to 10 s instead.
  configure({ asyncUtilTimeout: 10_000 });
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }),
    });
  }
  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  }
  if (!('fonts' in document)) {
    // Mantine's autosizing Textarea listens for font loading (`document.fonts`), which jsdom lacks.
    Object.defineProperty(document, 'fonts', { value: new EventTarget(), configurable: true });
  }
  if (!('scrollIntoView' in Element.prototype)) {
    Object.defineProperty(Element.prototype, 'scrollIntoView', { value: () => undefined });
  }
  window.scrollTo = () => undefined; // jsdom logs "not implemented" otherwise
}

/** The app's providers around a component under test (fresh query cache each time). */
export function Providers({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <MantineProvider env="test">
      <QueryClientProvider client={client}>
        <AuthProvider>{children}</AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** A JSON `Response` as `fetch` would resolve it. */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
  });
}
