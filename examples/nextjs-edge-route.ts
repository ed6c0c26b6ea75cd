// A Next.js App Router route handler on the Edge runtime: a checkout webhook that turns each paid
// order into a `shop/order.placed` event. Copy it to app/api/orders/route.ts.
//
// Only web-standard types (Request, Response) are used, so this file needs no `next` package to type-check.
// Next.js reads INNGEST_EVENT_KEY from the environment (.env.local, or the project's settings on Vercel);
// INNGEST_DEV=1 sends to a local dev server, and INNGEST_BASE_URL=http://127.0.0.1:8288 to the emulator
// served by `node examples/serve-emulator.mjs`.
//
// A route file may export only the names Next.js knows (runtime, GET, POST, ...): the tests import this
// one as it is and put the emulator's fetch in place of the global one (see test/examples.test.ts).
import { createInngestClient, PartialSendError, RateLimitError, ValidationError } from "inngest-rest";

export const runtime = "edge";

type ShopEvents = {
  "shop/order.placed": { data: { orderId: string; total: number; currency: string; items: { sku: string; quantity: number }[] } };
};

export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "invalid_json" }, { status: 400 });
  }
  const order = readOrder(body);
  if (typeof order === "string") return Response.json({ error: "invalid_input", message: order }, { status: 400 });

  // One client per request: creating it is cheap (no I/O), and keys are read from the environment then.
  const inngest = createInngestClient<ShopEvents>();
  try {
    const { ids } = await inngest.events.send(
      // The order id as the event id: the payment provider's webhook retries then trigger nothing twice.
      { name: "shop/order.placed", id: `order-placed-${order.orderId}`, data: order },
      // Edge functions have a short wall-clock budget, and the webhook sender gives up too: all attempts
      // of the POST (one event, one POST), backoff included, within 8 s.
      { totalTimeout: 8_000 },
    );
    return Response.json({ received: true, eventId: ids[0] }, { status: 202 });
  } catch (err) {
    if (err instanceof ValidationError) return Response.json({ error: "invalid_event", issues: err.issues }, { status: 400 });
    if (err instanceof RateLimitError) {
      const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 1_000) / 1_000));
      return Response.json({ error: "rate_limited" }, { status: 503, headers: { "retry-after": String(seconds) } });
    }
    // One event cannot be half sent, but a batch could: the webhook sender retries, and the event id dedupes.
    if (err instanceof PartialSendError) return Response.json({ error: "partially_sent" }, { status: 502 });
    console.error(`order ${order.orderId}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return Response.json({ error: "upstream_failed" }, { status: 502 });
  }
}

type Order = ShopEvents["shop/order.placed"]["data"];

/** The order in the webhook's body, or what is wrong with it. */
function readOrder(body: unknown): Order | string {
  if (typeof body !== "object" || body === null) return "body must be a JSON object";
  const { orderId, total, currency, items } = body as Record<string, unknown>;
  if (typeof orderId !== "string" || orderId === "") return "orderId must be a non-empty string";
  if (typeof total !== "number" || !Number.isFinite(total) || total < 0) return "total must be a non-negative number";
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return "currency must be an ISO 4217 code such as USD";
  if (!Array.isArray(items) || items.length === 0) return "items must be a non-empty array";
  const lines: Order["items"] = [];
  for (const item of items as unknown[]) {
    const { sku, quantity } = (item ?? {}) as Record<string, unknown>;
    if (typeof sku !== "string" || !Number.isInteger(quantity) || (quantity as number) < 1) return "each item needs a sku and a positive integer quantity";
    lines.push({ sku, quantity: quantity as number });
  }
  return { orderId, total, currency, items: lines };
}
