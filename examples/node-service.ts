// A Node HTTP service (node:http, no framework) whose POST /signup validates its input and sends two
// events with inngest.events.send, mapping the SDK's typed errors to HTTP statuses.
//
//   npm run build                                          # the examples import the built package
//   node examples/node-service.ts --emulator               # an in-process emulator, no keys (Node >= 22.18)
//   curl -i localhost:3000/signup -H 'content-type: application/json' \
//        -d '{"userId":"u_1","email":"ada@example.com","plan":"pro"}'
//
//   INNGEST_EVENT_KEY=... node examples/node-service.ts    # against Inngest Cloud
//   INNGEST_DEV=1 node examples/node-service.ts            # against a local dev server (localhost:8288)
//
// `createHandler(inngest)` is exported so tests can hand it a client wired to the emulator.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import {
  createInngestClient,
  type InngestClient,
  isInngestError,
  PartialSendError,
  RateLimitError,
  ValidationError,
} from "inngest-rest";

/** The events this service sends; `events.send` checks names and `data` against it at compile time. */
export type SignupEvents = {
  "app/user.signup": { data: { userId: string; email: string; plan: Plan } };
  "app/email.verification.requested": { data: { userId: string; email: string } };
};

type Plan = "free" | "pro" | "team";
const PLANS: readonly string[] = ["free", "pro", "team"];
const MAX_BODY_BYTES = 16 * 1024;

interface Signup {
  userId: string;
  email: string;
  plan: Plan;
}

interface Problem {
  field: string;
  message: string;
}

/** Checks the request body; the service's own rules, before the SDK's (which only know events). */
export function parseSignup(body: unknown): Signup | Problem[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [{ field: "", message: "must be a JSON object" }];
  const { userId, email, plan = "free" } = body as Record<string, unknown>;
  const problems: Problem[] = [];
  if (typeof userId !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(userId)) {
    problems.push({ field: "userId", message: "must be 1-64 letters, digits, '_' or '-'" });
  }
  if (typeof email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
    problems.push({ field: "email", message: "must be an email address" });
  }
  if (typeof plan !== "string" || !PLANS.includes(plan)) problems.push({ field: "plan", message: `must be one of ${PLANS.join(", ")}` });
  return problems.length > 0 ? problems : { userId: userId as string, email: email as string, plan: plan as Plan };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The service's request handler, for `http.createServer(createHandler(inngest))`. */
export function createHandler(inngest: InngestClient<SignupEvents>): Handler {
  return async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (pathname !== "/signup") return reply(res, 404, { error: "not_found" });
    if (req.method !== "POST") return reply(res, 405, { error: "method_not_allowed" }, { allow: "POST" });

    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, MAX_BODY_BYTES));
    } catch (err) {
      if (err instanceof BodyTooLarge) return reply(res, 413, { error: "body_too_large", limit: MAX_BODY_BYTES });
      return reply(res, 400, { error: "invalid_json" });
    }
    const signup = parseSignup(body);
    if (Array.isArray(signup)) return reply(res, 400, { error: "invalid_input", problems: signup });

    const { userId, email, plan } = signup;
    try {
      const { ids } = await inngest.events.send(
        [
          // Each event carries its own `id`: if our caller retries this POST (after a 502 or a lost
          // response), Inngest keeps the duplicates from triggering functions a second time.
          { name: "app/user.signup", id: `signup-${userId}`, data: { userId, email, plan } },
          { name: "app/email.verification.requested", id: `verify-email-${userId}`, data: { userId, email } },
        ],
        // A budget for all attempts of a POST, backoff included, so a slow Event API cannot hold the
        // request open. (It bounds each POST: these two events make one, so it bounds the whole send.)
        { totalTimeout: 10_000 },
      );
      return reply(res, 202, { accepted: true, eventIds: ids });
    } catch (err) {
      const [status, payload, headers] = toHttpError(err);
      // The SDK's messages never contain a key, so they are safe to log.
      if (status >= 500) console.error(`POST /signup for ${userId}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      return reply(res, status, payload, headers);
    }
  };
}

/** Maps what `events.send` rejected with to [status, body, headers] for our own caller. */
export function toHttpError(err: unknown): [number, Record<string, unknown>, Record<string, string>?] {
  // Refused before anything was sent: the input broke an event rule (size, JSON-ability, a schema).
  if (err instanceof ValidationError) {
    return [400, { error: "invalid_event", problems: err.issues.map((i) => ({ field: i.path, message: i.message })) }];
  }
  // Inngest asked us to wait longer than the client's maxRetryAfter (10 s): pass the wait on
  // rather than sleeping through it with the request open.
  if (err instanceof RateLimitError) {
    const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 1_000) / 1_000));
    return [503, { error: "rate_limited", retryAfterSeconds: seconds }, { "retry-after": String(seconds) }];
  }
  // Some events were accepted and some were not. Nothing is lost (failedEvents names the rest), and
  // since every event has an `id`, our caller may retry the whole request safely.
  if (err instanceof PartialSendError) {
    return [502, { error: "partially_sent", accepted: err.ids.filter((id) => id !== null).length, failed: err.failedIndexes.length, retryable: true }];
  }
  // The Event API refused the key, failed, or could not be reached after the SDK's retries.
  if (isInngestError(err)) return [502, { error: "upstream_failed", retryable: true }];
  // Not the SDK's: a bug of ours.
  return [500, { error: "internal" }];
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

// Run directly: `node examples/node-service.ts [--emulator]`. Imported (by a test): nothing starts.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let inngest: InngestClient<SignupEvents>;
  if (process.argv.includes("--emulator")) {
    const { createInngestEmulator } = await import("inngest-rest/testing");
    const emulator = createInngestEmulator();
    inngest = createInngestClient<SignupEvents>({ fetch: emulator.fetch, eventKey: "local-test-key" });
    process.on("SIGINT", () => {
      console.log(`\n${emulator.events.length} events reached the emulator:`);
      for (const e of emulator.events) console.log(`  ${e.id}  ${e.name}  ${JSON.stringify(e.data)}`);
      process.exit(0);
    });
  } else {
    inngest = createInngestClient<SignupEvents>(); // INNGEST_EVENT_KEY (or INNGEST_DEV=1) from the environment
  }
  const port = Number(process.env.PORT ?? 3000);
  createServer(createHandler(inngest)).listen(port, "127.0.0.1", () => {
    console.log(`POST http://127.0.0.1:${port}/signup   (Ctrl-C to stop)`);
  });
}
