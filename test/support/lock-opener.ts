// One opener of data directories, run as its own process by test/core/data-dir.test.ts:
//   node --import tsx test/support/lock-opener.ts
// It loads everything first and prints `ready`. Then, one line per command on stdin:
//   `go DATA_DIR AT` waits (spinning) until the clock reads AT (ms since the epoch), so that every
//                  opener starts at the same moment, then tries `lockDataDir(DATA_DIR)` and
//                  prints one JSON line,
//                  `{ "pid", "ok": true }` or `{ "pid", "ok": false, "code", "holder", "message" }`;
//   `release`      releases the lock it holds (if any) and prints `released`.
// A lock still held when stdin closes is released before the process exits.
import { createInterface } from 'node:readline'
import { lockDataDir, type DataDirLock } from '../../electron/core/data-dir'
import { AppError } from '../../electron/core/errors'

let lock: DataDirLock | null = null
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line.startsWith('go ')) {
    const [dataDir, at] = line.slice(3).split(' ')
    while (Date.now() < Number(at));
    try {
      lock = lockDataDir(dataDir!)
      console.log(JSON.stringify({ pid: process.pid, ok: true }))
    } catch (err) {
      const appError = err instanceof AppError ? err : null
      console.log(
        JSON.stringify({
          pid: process.pid,
          ok: false,
          code: appError?.code ?? 'thrown',
          holder: appError?.details?.pid ?? null,
          message: (err as Error).message,
        }),
      )
    }
  } else if (line === 'release') {
    lock?.release()
    lock = null
    console.log('released')
  }
})
lines.on('close', () => {
  lock?.release()
  process.exit(0)
})
console.log('ready')
