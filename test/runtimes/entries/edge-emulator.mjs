// Vercel Edge, emulator leg: bundled as an IIFE with dist/index.js and dist/testing.js, evaluated in EdgeVM.
import * as sdk from "../../../dist/index.js";
import * as testing from "../../../dist/testing.js";
import { emulatorScenario } from "../emulator-scenario.mjs";

globalThis.__inngestRestEmulatorScenario = async () => JSON.stringify(await emulatorScenario(sdk, testing));
