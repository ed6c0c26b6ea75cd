// Deno and Bun: imports the built ESM as it ships (ky and zod/mini resolved from node_modules by the
// runtime itself), runs the scenario against the URL given as the first argument and prints the
// result on one line that starts with "@@RESULT ".
import * as sdk from "../../../dist/index.js";
import { scenario } from "../scenario.mjs";

const args = typeof Deno === "object" ? Deno.args : process.argv.slice(2);
const result = await scenario(sdk, args[0]);
console.log(`@@RESULT ${JSON.stringify(result)}`);
