// Worker entry when the web host runs from TypeScript source (`node --import tsx
// electron/web/main.ts`): Node 20 does not carry `--import` loaders into worker threads, so the
// worker registers tsx itself before loading the core host.
import { register } from 'tsx/esm/api'

register()
await import('../core/host.ts')
