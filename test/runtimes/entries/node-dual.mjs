// Node: loads the package twice in one process, through its own name and exports map:
// require("inngest-rest") → dist/index.cjs and import("inngest-rest") → dist/index.js.
// Runs the scenario with each copy (argv[2]: the CJS copy's server, argv[3]: the ESM copy's), then
// checks that errors thrown by one copy are recognised by the other (Symbol.for branding).
import { createRequire } from "node:module";
import { scenario } from "../scenario.mjs";

const require = createRequire(import.meta.url);
const out = { resolved: {}, cjs: null, esm: null, cross: null, crash: null };
try {
  out.resolved.require = require.resolve("inngest-rest");
  out.resolved.import = import.meta.resolve("inngest-rest");
  const cjs = require("inngest-rest");
  const esm = await import("inngest-rest");
  out.cjs = await scenario(cjs, process.argv[2]);
  out.esm = await scenario(esm, process.argv[3]);

  // A 401 from a stub fetch, so these calls reach no server.
  const refuse = async () => new Response(JSON.stringify({ error: "Event key not found", status: 401 }), { status: 401 });
  const fail = async (mod) => {
    const client = mod.createInngestClient({ eventKey: "evtkey-cross-copy", fetch: refuse, maxRetries: 0 });
    try {
      await client.events.send({ name: "test/runtime.cross", data: {} });
    } catch (err) {
      return err;
    }
    throw new Error("send did not fail");
  };
  const fromCjs = await fail(cjs);
  const fromEsm = await fail(esm);
  const invalid = (() => {
    try {
      cjs.createInngestClient({ batchSize: 0 });
    } catch (err) {
      return err;
    }
  })();
  out.cross = {
    distinctClasses: cjs.InngestError !== esm.InngestError && cjs.AuthenticationError !== esm.AuthenticationError,
    cjsErrorIsEsmInngestError: fromCjs instanceof esm.InngestError,
    cjsErrorIsEsmAuthenticationError: fromCjs instanceof esm.AuthenticationError,
    cjsErrorIsEsmInngestApiError: fromCjs instanceof esm.InngestApiError,
    esmIsInngestErrorOfCjsError: esm.isInngestError(fromCjs),
    esmIsInngestApiErrorOfCjsError: esm.isInngestApiError(fromCjs),
    esmErrorIsCjsInngestError: fromEsm instanceof cjs.InngestError,
    esmErrorIsCjsAuthenticationError: fromEsm instanceof cjs.AuthenticationError,
    cjsIsInngestErrorOfEsmError: cjs.isInngestError(fromEsm),
    // Branding must not be too broad.
    plainErrorIsNotInngestError: !(new Error("x") instanceof esm.InngestError) && !esm.isInngestError(new Error("x")),
    authErrorIsNotNotFound: !(fromCjs instanceof esm.NotFoundError) && !(fromEsm instanceof cjs.RateLimitError),
    cjsInvalidOptionIsEsmInngestErrorOnly: invalid instanceof esm.InngestError && !(invalid instanceof esm.InngestApiError),
  };
} catch (err) {
  out.crash = `${err?.name ?? "Error"}: ${err?.message ?? String(err)}`;
}
console.log(`@@RESULT ${JSON.stringify(out)}`);
