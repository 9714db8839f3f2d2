import type { ReactNode } from 'react';
import type { StationInfo } from '../../../electron/api/views';
import { Brand, LanguageSwitch } from '../components/Brand';
import './session.css';

/** The frame of the screens shown before the app opens (first run, sign-in, lock): no personal data, ever. */
export function GateFrame({ station, children }: { station?: StationInfo | null; children: ReactNode }) {
  return (
    <div className="gate">
      <header className="topbar">
        <Brand station={station} />
        <LanguageSwitch />
      </header>
      <main className="gate__main">{children}</main>
    </div>
  );
}
