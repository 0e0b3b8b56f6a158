import { mkdirSync } from 'node:fs'
import type { PGlite } from '@electric-sql/pglite'
import { NodeFS } from '@electric-sql/pglite/nodefs'

// PGlite's Node filesystem (Emscripten's NODEFS) creates every file with the mode PostgreSQL
// asks for and chmods it to that mode afterwards, so the process umask never applies and most
// files of a cluster end up 0666. The data directory holds a trader's whole journal: this
// filesystem keeps the mount identical but strips the group and other bits from every mode it
// creates or sets, so files are born 0600 and directories 0700.

const OWNER_ONLY = ~0o077
const patched = Symbol('edgebook.ownerOnly')

type Attr = { mode?: number }
type NodeOps = {
  mknod: (parent: unknown, name: string, mode: number, dev: number) => unknown
  setattr: (node: unknown, attr: Attr) => void
}
type StreamOps = { setattr?: (stream: unknown, attr: Attr) => void }
type NodeFsModule = { node_ops: NodeOps; stream_ops: StreamOps; [patched]?: true }
type EmscriptenModule = { NODEFS: NodeFsModule }
type InitResult = Awaited<ReturnType<NodeFS['init']>>
type ModuleOptions = Parameters<NodeFS['init']>[1]

const ownerOnly = (attr: Attr): Attr =>
  attr.mode === undefined ? attr : { ...attr, mode: attr.mode & OWNER_ONLY }

/** Masks the modes NODEFS creates and sets; once per Emscripten module. */
function patchNodeFs(nodefs: NodeFsModule): void {
  if (nodefs[patched]) return
  nodefs[patched] = true
  const nodeOps = nodefs.node_ops
  const mknod = nodeOps.mknod.bind(nodeOps)
  nodeOps.mknod = (parent, name, mode, dev) => mknod(parent, name, mode & OWNER_ONLY, dev)
  const setattr = nodeOps.setattr.bind(nodeOps)
  nodeOps.setattr = (node, attr) => setattr(node, ownerOnly(attr))
  const streamOps = nodefs.stream_ops
  const streamSetattr = streamOps.setattr?.bind(streamOps)
  if (streamSetattr) streamOps.setattr = (stream, attr) => streamSetattr(stream, ownerOnly(attr))
}

/** PGlite's NodeFS whose files and directories are readable and writable by their owner only. */
export class OwnerOnlyNodeFS extends NodeFS {
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    super(dataDir)
  }

  override async init(pg: PGlite, options: ModuleOptions): Promise<InitResult> {
    const preRun = [
      ...(options.preRun ?? []),
      (mod: unknown) => patchNodeFs((mod as EmscriptenModule).NODEFS),
    ]
    return super.init(pg, { ...options, preRun })
  }
}
