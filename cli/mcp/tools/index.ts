/** Every tool, in the order tools/list gives them: reads first, then writes. Names are fixed. */
import type { Tool } from "../tool.js";
import { getApp, getFunction, listApps, listCancellations, listFunctions } from "./apps.js";
import { getEvent, listEventRuns, listEvents } from "./events.js";
import { getRun, listRunJobs, listRuns, traceRun, waitForRun } from "./runs.js";
import { cancelRun, createCancellation, deleteCancellation, invokeFunction, replayRun, sendEvents, sendSignal } from "./writes.js";

export const TOOLS: readonly Tool[] = [
  listRuns,
  getRun,
  traceRun,
  waitForRun,
  listRunJobs,
  listEvents,
  getEvent,
  listEventRuns,
  listApps,
  getApp,
  listFunctions,
  getFunction,
  listCancellations,
  sendEvents,
  invokeFunction,
  cancelRun,
  replayRun,
  sendSignal,
  createCancellation,
  deleteCancellation,
];
