import { useState } from 'react';
import type { AppError } from '../../../electron/api/result';
import type { Role } from '../../../electron/api/views-protection';
import { useIssueText } from '../i18n';
import { useSession } from '../session/store';

/**
 * @deprecated Ask the one table by method instead: `useMayCall(method)` (session/store.ts). Kept only until the hub
 * import section (HubBatches.tsx) asks it too; like useMayCall, nobody signed in or an unknown role: no access.
 */
export function useMay(): (roles: readonly Role[]) => boolean {
  const role = useSession((s) => s.view?.operator?.role);
  return (roles) => role !== undefined && roles.includes(role);
}

export const SUPERVISOR_ROLES = ['supervisor', 'admin'] as const;

/** One message under a section: what happened, or why not, in the clerk's language. */
export interface SectionMessage {
  kind: 'success' | 'error' | 'info';
  text: string;
}

export function useSectionMessage() {
  const issueText = useIssueText();
  const [message, setMessage] = useState<SectionMessage>();
  const fromError = (error: AppError, prefix = ''): SectionMessage => {
    // The first issue carries the precise reason (batch.refused.*, batch.io.*); otherwise the error's code.
    const text = issueText(error.issues?.[0] ?? { code: `error.${error.code}`, message: error.message });
    return { kind: 'error', text: prefix ? `${prefix} ${text}` : text };
  };
  return { message, setMessage, fromError };
}

export function MessageLine({ message }: { message?: SectionMessage }) {
  if (!message) return null;
  return (
    <p className={`batches__message batches__message--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </p>
  );
}
