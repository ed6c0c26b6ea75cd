// Serves the emulator over HTTP on 127.0.0.1, for the examples that run in another process or runtime
// (the Deno script, the Worker under wrangler, the Next.js route under `next dev`, curl):
//
//   npm run build && node examples/serve-emulator.mjs [port]      # default 8288, the dev server's port
//
// Then point a client at it with INNGEST_BASE_URL=http://127.0.0.1:8288. It takes any event key and,
// like a dev server, no signing key. Each event it receives is printed as it arrives; Ctrl-C stops it.
import { createInngestEmulator } from "inngest-rest/testing";

const emulator = createInngestEmulator();
const server = await emulator.listen(Number(process.argv[2] ?? 8288));
console.log(`Inngest emulator on ${server.url}  (INNGEST_BASE_URL=${server.url})`);

let printed = 0;
const timer = setInterval(() => {
  for (; printed < emulator.events.length; printed++) {
    const e = emulator.events[printed];
    console.log(`event ${e.id}  ${e.name}  ${JSON.stringify(e.data)}`);
  }
}, 100);

const stop = async () => {
  clearInterval(timer);
  await server.close();
  console.log(`\nstopped; ${emulator.events.length} event(s), ${emulator.requests.length} request(s) received`);
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
