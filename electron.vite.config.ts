import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// electron-vite only auto-discovers src/main and src/renderer, so every entry is named here
// (STYLE §1). The main build carries the Electron shell, the core host worker, the web host,
// the CLI and the engine worker: one bundle set, one implementation of every feature.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Bundled rather than loaded from node_modules: each is a graph of ~100 small ES modules,
      // and resolving and linking them was a third of a command-line call's start-up.
      externalizeDeps: { exclude: ['drizzle-orm', 'zod'] },
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          host: resolve('electron/core/host.ts'),
          web: resolve('electron/web/main.ts'),
          cli: resolve('electron/cli/index.ts'),
          engine: resolve('electron/core/engine/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    resolve: { alias: { '@renderer': resolve('renderer/src') } },
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
})
