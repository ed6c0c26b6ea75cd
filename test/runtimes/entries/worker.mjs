// Cloudflare Worker (module syntax). run.mjs bundles this file, with the built dist/index.js and its
// dependencies inlined, into one ES module and loads it in workerd through miniflare, with no
// compatibility flags (so no nodejs_compat). GET /?base=<fake server URL> runs the scenario.
import * as sdk from "../../../dist/index.js";
import { scenario } from "../scenario.mjs";

export default {
  async fetch(request) {
    const base = new URL(request.url).searchParams.get("base");
    if (!base) return new Response("missing ?base=", { status: 400 });
    return Response.json(await scenario(sdk, base));
  },
};
