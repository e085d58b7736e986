import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    svelte(),
    VitePWA({
      // The app registers the service worker itself through workbox-window, so that the
      // update prompt can wait for running work to checkpoint before it reloads.
      injectRegister: false,
      registerType: 'prompt',
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Waymark',
        short_name: 'Waymark',
        description:
          'Process large files privately in your browser. Resumes after reloads and crashes.',
        theme_color: '#1f4e5f',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '.',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,webmanifest}'],
        globIgnores: [
          'bench/**',
          '**/bench-*.js',
          '**/bare-worker-*.js',
          'src/ui/preview.html',
          '**/preview-*.js',
        ],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/bench\//, /^\/src\/ui\/preview\.html/],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // The file keeper (public/waymark-keeper.js): picked files outlive a reload there.
        // A few lines imported into the generated worker, rather than a worker of our own
        // (injectManifest), which would have to repeat what generateSW does for precaching.
        importScripts: ['waymark-keeper.js'],
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // bench.html holds the benchmark's bare baselines, preview.html the views on a mock app (the
    // screenshot and accessibility tests' deterministic pages); both ship in dist, never precached.
    rollupOptions: {
      input: { app: 'index.html', bench: 'bench/bench.html', preview: 'src/ui/preview.html' },
    },
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
