/** Every command, in the order `--help` lists them. A new SDK method is one entry here. */
import type { Command } from "../registry.js";
import { appsGet, appsList } from "./apps.js";
import { cancellationsCreate, cancellationsDelete, cancellationsList } from "./cancellations.js";
import { emulator } from "./emulator.js";
import { eventsGet, eventsList, eventsRuns, eventsSend } from "./events.js";
import { functionsGet, functionsInvoke, functionsList } from "./functions.js";
import { runsCancel, runsGet, runsJobs, runsList, runsReplay, runsTrace, runsWait } from "./runs.js";
import { signalsSend } from "./signals.js";
import { mcp } from "../mcp/command.js";

export const COMMANDS: readonly Command[] = [
  eventsSend,
  eventsList,
  eventsGet,
  eventsRuns,
  runsList,
  runsGet,
  runsTrace,
  runsWait,
  runsJobs,
  runsCancel,
  runsReplay,
  functionsInvoke,
  functionsList,
  functionsGet,
  appsList,
  appsGet,
  cancellationsCreate,
  cancellationsList,
  cancellationsDelete,
  signalsSend,
  emulator,
  mcp,
];
