import { z } from 'zod';

/** Declares one method of the contract: `method(InputSchema).returns<Result>()`. */
export const method = <I extends z.ZodType>(input: I) => ({
  returns: <R>() => ({ input, result: undefined as unknown as R }),
});

export const Empty = z.object({}).strict();
export const Id = z.object({ id: z.string().min(1).max(64) }).strict();
