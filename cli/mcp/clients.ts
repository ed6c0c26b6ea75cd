/**
 * The SDK clients the server calls: the real one, configured from the environment as every
 * command is (and `--dev`), and per dry run one whose fetch records each request and sends
 * nothing. Keys are read by the SDK from the environment; the server only learns them to scrub
 * them from what it writes (secrets.ts).
 */
import { createInngestClient, type InngestClient } from "../../src/client.js";
import type { DryRun } from "./tool.js";

/** Thrown by a dry run's fetch: the SDK maps it to a ConnectionError, which the dry run discards. */
class NotSent extends Error {
  override name = "NotSent";
}

/** `--dev [URL]` as the CLI reads it (cli.ts): a URL, or `""` for INNGEST_DEV's or the default. */
function clientOptions(dev: string | undefined) {
  return dev === undefined ? {} : { isDev: true, ...(dev ? { baseUrl: dev } : {}) };
}

export const liveClient = (dev: string | undefined): InngestClient => createInngestClient(clientOptions(dev));

/**
 * The path a request would go to, with the Event API's key shown as `{eventKey}`. The key is the last segment
 * (`${eventBaseUrl}/e/<key>`), also when the base URL has a path of its own.
 */
function shownPath(url: URL): string {
  const path = url.pathname.replace(/\/e\/[^/]+$/, "/e/{eventKey}");
  return `${path}${url.search}`;
}

async function recordedBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function dryRunClient(dev: string | undefined): DryRun {
  const requests: DryRun["requests"] = [];
  const client = createInngestClient({
    ...clientOptions(dev),
    maxRetries: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push({ method: request.method, path: shownPath(new URL(request.url)), body: await recordedBody(request) });
      throw new NotSent("dry run: not sent");
    },
  });
  return { client, requests };
}
