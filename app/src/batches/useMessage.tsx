import { useState } from 'react';
import type { AppError } from '../../../electron/api/result';
import { useIssueText } from '../i18n';

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
