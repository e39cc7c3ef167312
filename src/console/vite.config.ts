import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The attendants' console: a Preact app built to dist/console, which the API
 * serves under /console (src/api/routes/console.ts). `npm run setup` builds it.
 */
export default defineConfig({
  root: __dirname,
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: path.join(__dirname, '..', '..', 'dist', 'console'),
    emptyOutDir: true,
    // No inline scripts or styles: the API's Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
