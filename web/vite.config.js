import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The dev server proxies the API and the socket to a running `arena serve` (ARENA_URL).
const target = process.env.ARENA_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      checks: { pluginTimings: false }, // a note about slow plugins on a busy machine, not a problem
      output: {
        // Chunks of npm packages are named after the package (their files are all "dist/index.js").
        chunkFileNames(chunk) {
          const id = chunk.facadeModuleId || chunk.moduleIds?.[chunk.moduleIds.length - 1] || '';
          const pkg = id.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
          const name = pkg ? pkg[1].replace('@', '').replace('/', '-') : chunk.name;
          return `assets/${name}-[hash].js`;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
      '/socket': { target, ws: true },
    },
  },
});
