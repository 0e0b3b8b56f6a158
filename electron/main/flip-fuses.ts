// `npm run package:fuses -- PATH`: flips the fuses of a packaged Edgebook binary (see fuses.ts).
import { flipAppFuses } from './fuses'

const target = process.argv[2]
if (!target) {
  process.stderr.write('Usage: npm run package:fuses -- path/to/Edgebook[.exe|.app]\n')
  process.exitCode = 2
} else {
  await flipAppFuses(target)
  process.stdout.write(`Fuses flipped in ${target}\n`)
}
