/**
 * The v1 cache middleware (`pkg/api/apiv1/cache.go`), in front of every v1 GET on the dev server (and the same code
 * backs Cloud's Redis cache). It records the handler's answer, copies its headers and body, and never its status:
 * every v1 GET answers HTTP 200, errors included, with the error's status only in the body. An answer carrying
 * `Cache-Control: max-age=N` is kept N seconds under the URL and `Authorization`, and a repeat GET in that time gets
 * the kept bytes alone: no handler, no `Cache-Control`, and the content type Go sniffs from the text.
 */

import { raw } from "./respond.js";

const MAX_CACHED_BYTES = 1024;

interface Entry {
  readonly body: string;
  readonly expires: number;
}

export class V1Cache {
  private readonly entries = new Map<string, Entry>();

  /** Answers a v1 GET through the cache: a kept body while fresh, else `handle()` with its status dropped. */
  async serve(url: URL, authorization: string | null, now: number, handle: () => Promise<Response>): Promise<Response> {
    // cacheKey(): r.URL.String() (path and query as sent) plus the Authorization header.
    const key = `${url.pathname}${url.search}\n${authorization ?? ""}`;
    const hit = this.entries.get(key);
    if (hit && now < hit.expires && hit.body !== "") {
      // Content-Type is set by a middleware inside this one, so a hit has none and net/http sniffs the JSON as text.
      return raw(200, hit.body, { "content-type": "text/plain; charset=utf-8" });
    }
    const response = await handle();
    const body = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const maxAge = /(?:^|,)\s*max-age=(\d+)/i.exec(response.headers.get("cache-control") ?? "")?.[1];
    // Watched on the dev server: an answer over about 1 KB is never served from the cache (a 1,135-byte event is
    // fetched anew; a 400-byte run is not).
    if (maxAge !== undefined && Number(maxAge) > 0 && new TextEncoder().encode(body).length <= MAX_CACHED_BYTES) {
      this.entries.set(key, { body, expires: now + Number(maxAge) * 1000 });
    }
    return raw(200, body, headers);
  }
}
