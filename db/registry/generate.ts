// npm run db:registry — writes db/REGISTRY.md from the drizzle schema and db/registry/*.
import { writeFileSync } from 'node:fs'
import { REGISTRY_PATH, renderRegistry } from './render'

writeFileSync(REGISTRY_PATH, renderRegistry())
console.log(`wrote ${REGISTRY_PATH}`)
