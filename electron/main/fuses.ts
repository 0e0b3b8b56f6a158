// Electron fuses, flipped in the packaged binary at package time (they cannot be set at run time):
// https://www.electronjs.org/docs/latest/tutorial/fuses. Run on a packaged app with
// `npm run package:fuses -- path/to/Edgebook[.exe|.app]`, or call `flipAppFuses` from a
// packager's after-pack hook (electron-builder `afterPack`, Forge `packageAfterCopy`).
import { resolve } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses'

/** Every fuse set explicitly, so an Electron upgrade that adds one fails the packaging step. */
export function appFuses(platform: string = process.platform, arch: string = process.arch) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Re-sign ad hoc after editing the binary; unsigned arm64 macOS binaries do not start.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node for any local script.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS and --inspect would let anyone who can start the app inject code into it.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // The app code is loaded only from the (integrity-checked) asar archive.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The UI is served from app://, not file://: file: gets no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.WasmTrapHandlers]: true,
  } satisfies FuseV1Config
}

/** Flips the fuses of the Electron binary (or `.app`) at `electronPath`. */
export async function flipAppFuses(
  electronPath: string,
  platform: string = process.platform,
  arch: string = process.arch,
): Promise<void> {
  await flipFuses(resolve(electronPath), appFuses(platform, arch))
}
