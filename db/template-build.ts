// `npm run db:template`: builds the first-run database template for the current migrations.
import { existsSync } from 'node:fs'
import { buildTemplate, templatePath } from './template'

if (existsSync(templatePath()) && !process.argv.includes('--force')) {
  console.log(`db template up to date: ${templatePath()}`)
} else {
  const { path, bytes } = await buildTemplate()
  console.log(`db template written: ${path} (${Math.round(bytes / 1024)} KiB)`)
}
