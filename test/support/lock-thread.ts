// A worker thread that tries `lockDataDir(workerData.dataDir)` and posts what happened, for
// test/core/data-dir.test.ts: the core runs in a worker thread, so a second core may be a thread.
import { parentPort, workerData } from 'node:worker_threads'
import { lockDataDir } from '../../electron/core/data-dir'
import { AppError } from '../../electron/core/errors'

const { dataDir } = workerData as { dataDir: string }
try {
  lockDataDir(dataDir).release()
  parentPort!.postMessage({ ok: true })
} catch (err) {
  const appError = err instanceof AppError ? err : null
  parentPort!.postMessage({
    ok: false,
    code: appError?.code ?? 'thrown',
    pid: appError?.details?.pid ?? null,
  })
}
