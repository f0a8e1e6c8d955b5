import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console imports the same zod schemas as the API from ../domain.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
