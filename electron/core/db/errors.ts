export class DatabaseOpenError extends Error {
  constructor(
    readonly code: 'sqlite_too_old' | 'from_future' | 'pragma_refused' | 'wrong_key',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}
