import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'app',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../build/app',
    emptyOutDir: true,
    // No inline scripts: the CSP allows scripts from the app's own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'chrome130',
  },
});
