import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by the Careweave server at `/` (server/src/web/static.ts). In `npm run dev -w
// @careweave/web` the API paths are proxied to a server on :8080 (e.g. `npm run demo`).
const api = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Charts are only needed on the summary; keep them out of the first paint of login/search.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/](core|hooks)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/fhir': api, '/auth': api, '/api': api, '/healthz': api },
  },
});
