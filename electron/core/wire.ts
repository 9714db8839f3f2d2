import type { z } from 'zod';

/**
 * JSON from outside the process (a batch's manifest, the hub's answers, the files in a sync folder) is parsed with a
 * zod schema, one per shape; a schema's failure becomes the caller's own kind of error, with this line naming the
 * field. Size limits come first, where the bytes are read.
 */

/** The first problem zod found, as one line naming the field: "counts.persons: must be a whole number of 0 or more". */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys
      .slice(0, 3)
      .map((k) => JSON.stringify(k.slice(0, 40)))
      .join(', ');
    return `${at ? `${at}: ` : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  return at ? `${at}: ${issue.message}` : issue.message;
}

/** Parses `value` with `schema`; on failure throws what `refuse` makes of the problem line. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, refuse: (problem: string) => Error): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw refuse(firstProblem(parsed.error));
  return parsed.data;
}
