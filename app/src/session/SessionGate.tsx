import { useEffect, type ReactNode } from 'react';
import { useShortcuts } from '../components/useShortcuts';
import { useT } from '../i18n';
import { lockScreen, refreshSession } from './actions';
import { EncryptingScreen, UpgradingScreen } from './EncryptingScreen';
import { GateFrame } from './GateFrame';
import { LockScreen } from './LockScreen';
import { SetupScreen } from './SetupScreen';
import { RecoveryCodeScreen } from './RecoveryCodeScreen';
import { SignInScreen } from './SignInScreen';
import { UnlockScreen } from './UnlockScreen';
import { useSession } from './store';
import { useIdleLock } from './useIdleLock';
import { onSessionLost } from './watch';

/**
 * Nothing of the app is mounted until a station exists and an operator is signed in and the screen is unlocked:
 * the first run, the sign-in and the lock screens stand in its place (so a locked screen holds no personal data in
 * the page at all, not merely covered).
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const t = useT();
  const view = useSession((s) => s.view);
  useEffect(() => {
    onSessionLost(() => void refreshSession());
    void refreshSession();
  }, []);

  if (!view)
    return (
      <GateFrame>
        <p role="status">{t('common.loading')}</p>
      </GateFrame>
    );
  if (view.encrypting || view.encryptionFailed) {
    return (
      <GateFrame>
        <EncryptingScreen progress={view.encrypting} failed={view.encryptionFailed ?? null} />
      </GateFrame>
    );
  }
  if (view.upgrading || view.upgradeFailed) {
    return (
      <GateFrame>
        <UpgradingScreen progress={view.upgrading} failed={view.upgradeFailed ?? null} />
      </GateFrame>
    );
  }
  if (view.unlock)
    return (
      <GateFrame>
        <UnlockScreen need={view.unlock} keyStore={view.keyStore ?? true} />
      </GateFrame>
    );
  if (view.setup)
    return (
      <GateFrame station={view.station}>
        <SetupScreen stage={view.setup} station={view.station} />
      </GateFrame>
    );
  if (!view.operator)
    return (
      <GateFrame station={view.station}>
        <SignInScreen />
      </GateFrame>
    );
  if (view.locked)
    return (
      <GateFrame station={view.station}>
        <LockScreen operator={view.operator} />
      </GateFrame>
    );
  if (view.recoveryCodePending)
    return (
      <GateFrame station={view.station}>
        <RecoveryCodeScreen />
      </GateFrame>
    );
  return <Unlocked lockAfterSeconds={view.lockAfterSeconds}>{children}</Unlocked>;
}

function Unlocked({ lockAfterSeconds, children }: { lockAfterSeconds: number; children: ReactNode }) {
  useIdleLock(lockAfterSeconds);
  useShortcuts({ 'Ctrl+L': () => void lockScreen() });
  return children;
}
