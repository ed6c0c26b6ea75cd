// A Cloudflare module Worker: a link redirector that answers at once and records each click as an
// Inngest event in the background, with ctx.waitUntil, so the visitor never waits on the Event API.
//
//   npx wrangler dev examples/cloudflare-worker.ts --var INNGEST_EVENT_KEY:<key>
//
// Against the emulator (no keys), serve it over HTTP and point the Worker at it:
//   node examples/serve-emulator.mjs                       # prints http://127.0.0.1:8288
//   npx wrangler dev examples/cloudflare-worker.ts --var INNGEST_EVENT_KEY:test --var INNGEST_BASE_URL:http://127.0.0.1:8288
//
// No @cloudflare/workers-types: the two Worker types used here are declared below, and everything else
// (Request, Response, URL, fetch) is the web platform. The SDK needs no nodejs_compat flag.
import { createInngestClient, type InngestClient, RateLimitError } from "inngest-rest";

/** The Worker's bindings (wrangler.toml `[vars]` and secrets). */
export interface Env {
  /** `wrangler secret put INNGEST_EVENT_KEY`. */
  INNGEST_EVENT_KEY: string;
  /** Optional: a dev server or the emulator, e.g. `http://127.0.0.1:8288`. */
  INNGEST_BASE_URL?: string;
  /** Optional: a branch environment's name. */
  INNGEST_ENV?: string;
}

/** The part of Cloudflare's `ExecutionContext` this Worker uses. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

type ClickEvents = {
  "links/link.clicked": { data: { slug: string; target: string; referrer: string | null; userAgent: string | null } };
};

// In a real Worker this is a KV namespace or D1 table; a constant keeps the example self-contained.
const LINKS: Readonly<Record<string, string>> = {
  docs: "https://www.inngest.com/docs",
  github: "https://github.com/inngest/inngest",
};

/**
 * Builds the Worker around a client factory, so a test can hand it a client wired to the emulator.
 * Workers get secrets per request through `env`, and making a client is cheap (no I/O), so one is
 * made per request.
 */
export function createWorker(
  clientFor: (env: Env) => InngestClient<ClickEvents> = (env) =>
    createInngestClient<ClickEvents>({ eventKey: env.INNGEST_EVENT_KEY, baseUrl: env.INNGEST_BASE_URL, env: env.INNGEST_ENV }),
) {
  return {
    async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
      const url = new URL(request.url);
      const slug = url.pathname.replace(/^\/+|\/+$/g, "");
      const target = LINKS[slug];
      if (request.method !== "GET" || target === undefined) return new Response("Not found\n", { status: 404 });

      const inngest = clientFor(env);
      const sent = inngest.events
        .send(
          {
            name: "links/link.clicked",
            data: { slug, target, referrer: request.headers.get("referer"), userAgent: request.headers.get("user-agent") },
          },
          // waitUntil lasts 30 s after the response: stay well inside it (one event is one POST, and
          // totalTimeout bounds all attempts of a POST). A long Retry-After is never slept through:
          // the call rejects with a RateLimitError instead.
          { totalTimeout: 15_000 },
        )
        .then(
          ({ ids }) => console.log(`click on ${slug} recorded as event ${ids[0]}`),
          // Nothing else sees this promise's rejection, so report it here; the visitor is long gone.
          (err: unknown) =>
            console.error(
              err instanceof RateLimitError
                ? `click on ${slug} dropped: rate limited for ${err.retryAfterMs ?? "?"} ms`
                : `click on ${slug} dropped: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
            ),
        );
      ctx.waitUntil(sent);
      return Response.redirect(target, 302);
    },
  };
}

export default createWorker();
