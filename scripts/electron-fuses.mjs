// electron-builder `afterPack` hook: sets the Electron fuses of the packed binary with @electron/fuses, before it
// is signed. electron-builder 25.1.8 has no `electronFuses` option (its schema refuses the key).
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { join } from 'node:path';

/** What the packaged app may do, by electron-builder's `electronFuses` names (FuseOptionsV1). */
export const FUSES = Object.freeze({
  runAsNode: false, // ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node with the desk's data at hand
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false, // no --inspect into the main process, which holds the database
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
});

const OPTION = Object.freeze({
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
});

/**
 * The @electron/fuses configuration for FUSES. Not `strictlyRequireAllFuses`: Electron 45's wire has a ninth fuse
 * (WasmTrapHandlers) that @electron/fuses 1.8.0 cannot name, and strict mode would refuse the binary; the eight it
 * knows are all set here (a test checks that none is left out).
 */
export function fuseConfig({ appleSilicon = false } = {}) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: appleSilicon };
  for (const [name, on] of Object.entries(FUSES)) config[OPTION[name]] = on;
  return config;
}

/** The file (or .app) @electron/fuses is given in an electron-builder output folder. */
export function electronBinaryPath({ appOutDir, electronPlatformName, packager }) {
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}

export async function afterPack(context) {
  const file = electronBinaryPath(context);
  // Apple silicon will not start a binary whose signature no longer matches: @electron/fuses signs it ad hoc again.
  const appleSilicon = context.electronPlatformName === 'darwin' && (context.arch === 3 || context.arch === 4) && process.platform === 'darwin';
  const wires = await flipFuses(file, fuseConfig({ appleSilicon }));
  console.log(`  • electron fuses set on ${wires} wire(s) of ${file}`);
}
