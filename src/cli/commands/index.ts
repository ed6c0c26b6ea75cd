/** Every command, in the order `--help` lists them. A new SDK method is one entry here. */
import type { Command } from "../registry.js";
import { appsList } from "./apps.js";
import { emulator } from "./emulator.js";
import { eventsSend } from "./events.js";
import { runsCancel, runsGet, runsJobs, runsList, runsReplay } from "./runs.js";

export const COMMANDS: readonly Command[] = [eventsSend, runsList, runsGet, runsJobs, runsCancel, runsReplay, appsList, emulator];
