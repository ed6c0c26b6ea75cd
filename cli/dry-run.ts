/** A `--dry-run`'s `request`: the method and path the SDK's call would send, from the SDK's own route builder. */
export const requestLine = (route: { readonly method: string; readonly path: string }): string => `${route.method} ${route.path}`;
