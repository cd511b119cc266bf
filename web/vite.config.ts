import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA is served by the API on the same origin; in `vite dev` the API is proxied instead.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Public pages must stay small (QUALITY P8); warn well before the budget.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
