import type { AppError } from '../../../electron/api/result';
import { hasMessage, translate, type Language } from '../i18n';

/** A refusal from core in the operator's language: the first issue's code when it has a message, else the error's. */
export function errorText(error: AppError, language: Language): string {
  const issue = error.issues?.[0];
  if (issue && hasMessage(issue.code)) return translate(language, issue.code, issue.params);
  return hasMessage(`error.${error.code}`) ? translate(language, `error.${error.code}`) : error.message;
}

/** Issues by field path, translated, for the fields of a form. */
export function fieldErrors(error: AppError, language: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues ?? []) {
    out[issue.path] ??= hasMessage(issue.code) ? translate(language, issue.code, issue.params) : issue.message;
  }
  return out;
}
