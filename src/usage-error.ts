/** A user error: the CLI prints one line on stderr and exits 2, with no stack trace. */
export class UsageError extends Error {}
