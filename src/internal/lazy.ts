/**
 * A module loaded on first use, once per process: ky on the first request, zod's schemas on the
 * first answer or event that needs them. A load that fails (a code-split chunk that did not
 * arrive) is tried again on the next call instead of failing every later one.
 * @module
 */

/** `load`, memoised; `loaded()` is the value once it has arrived (no `await` on the hot path). @internal */
export function lazy<T>(load: () => Promise<T>): { (): Promise<T>; loaded(): T | undefined } {
  let pending: Promise<T> | undefined;
  let value: T | undefined;
  const get = () =>
    (pending ??= load().then(
      (v) => (value = v),
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    ));
  return Object.assign(get, { loaded: () => value });
}
