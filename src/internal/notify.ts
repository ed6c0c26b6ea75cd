import type { RequestEvent, RequestObserver } from "../core/observe.js";

/**
 * Calls the user's observer, never letting it break a request: logging must not change what
 * the call does. An observer that throws is ignored for that event.
 * @internal
 */
export function notify(observer: RequestObserver | undefined, event: RequestEvent): void {
  if (!observer) return;
  try {
    observer(event);
  } catch {
    // A logger's own failure is not the request's.
  }
}
