// electron-builder `afterPack` hook: flips the Electron fuses of the packed binary before it is signed.
// electron-builder 25.1.8 has no `electronFuses` option (its schema refuses the key) and @electron/fuses is not a
// dependency, so the fuse wire is written here directly, in the format @electron/fuses reads and writes.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the packaged app may do; the names are electron-builder's `electronFuses` keys (FuseOptionsV1). */
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

// Each fuse's place on the V1 wire (FuseV1Options in @electron/fuses).
const WIRE_INDEX = Object.freeze({
  runAsNode: 0,
  enableCookieEncryption: 1,
  enableNodeOptionsEnvironmentVariable: 2,
  enableNodeCliInspectArguments: 3,
  enableEmbeddedAsarIntegrityValidation: 4,
  onlyLoadAppFromAsar: 5,
  loadBrowserProcessSpecificV8Snapshot: 6,
  grantFileProtocolExtraPrivileges: 7,
});

// The wire: this sentinel, a version byte, a length byte, then one ASCII '0' (off), '1' (on) or 'r' (removed) a fuse.
const SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1');
const OFF = 0x30;
const ON = 0x31;
const REMOVED = 0x72;

/** Sets the fuses in place on every wire of the binary (a universal macOS binary has one an architecture). */
export function flipFuses(binary, fuses = FUSES) {
  let wires = 0;
  for (let at = binary.indexOf(SENTINEL); at !== -1; at = binary.indexOf(SENTINEL, at + SENTINEL.length)) {
    const wire = at + SENTINEL.length;
    if (binary[wire] !== 1) throw new Error(`Unknown Electron fuse wire version ${binary[wire]}`);
    const length = binary[wire + 1] ?? 0;
    for (const [name, on] of Object.entries(fuses)) {
      const index = WIRE_INDEX[name];
      if (index === undefined || index >= length) throw new Error(`This Electron has no ${name} fuse`);
      if (binary[wire + 2 + index] === REMOVED) throw new Error(`The ${name} fuse was removed from this Electron`);
      binary[wire + 2 + index] = on ? ON : OFF;
    }
    wires++;
  }
  // Never ship an unfused app silently.
  if (wires === 0) throw new Error('No Electron fuse wire found in the binary');
  return wires;
}

/** The file that holds the fuse wire in an electron-builder output folder. */
export function electronBinaryPath({ appOutDir, electronPlatformName, packager }) {
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return join(appOutDir, `${name}.app`, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
  }
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}

export async function afterPack(context) {
  const file = electronBinaryPath(context);
  const binary = await readFile(file);
  const wires = flipFuses(binary);
  await writeFile(file, binary);
  console.log(`  • electron fuses set on ${wires} wire(s) of ${file}`);
  // Apple silicon will not start a binary whose signature no longer matches: sign it ad hoc until the real signing.
  const appleSilicon = context.arch === 3 || context.arch === 4; // builder-util Arch.arm64, Arch.universal
  if (context.electronPlatformName === 'darwin' && appleSilicon && process.platform === 'darwin') {
    const app = join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
    execFileSync('codesign', ['--sign', '-', '--force', '--deep', '--preserve-metadata=entitlements,requirements,flags,runtime', app]);
  }
}
