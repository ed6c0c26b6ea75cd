// Vercel Edge: run.mjs bundles this file (with dist/index.js and its dependencies) as an IIFE and
// evaluates it in @edge-runtime/vm's EdgeVM, then calls the global below from inside the VM.
import * as sdk from "../../../dist/index.js";
import { scenario } from "../scenario.mjs";

globalThis.__inngestRestScenario = async (base) => JSON.stringify(await scenario(sdk, base));
