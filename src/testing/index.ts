/**
 * `inngest-rest/testing`: an in-process emulator of Inngest's Event API and REST API (v1 and the v2 beta), with
 * the real envelopes and quirks, a seeded world of apps and runs, and faults on demand. Dependency-free; runs
 * wherever `fetch` does.
 * @module inngest-rest/testing
 */

export { createInngestEmulator } from "./emulator.js";
export type {
  EmulatorApp,
  EmulatorAppMethod,
  EmulatorApps,
  EmulatorAppSeed,
  EmulatorChaosKind,
  EmulatorChaosOptions,
  EmulatorConcurrency,
  EmulatorDebounce,
  EmulatorDelayFault,
  EmulatorEvent,
  EmulatorFault,
  EmulatorFaultMatch,
  EmulatorFetch,
  EmulatorFunction,
  EmulatorFunctionInput,
  EmulatorFunctionSeed,
  EmulatorFunctionStep,
  EmulatorJob,
  EmulatorOptions,
  EmulatorProgressOptions,
  EmulatorRateLimit,
  EmulatorRequestRecord,
  EmulatorResetFault,
  EmulatorRun,
  EmulatorRunFilter,
  EmulatorRuns,
  EmulatorRunSeed,
  EmulatorRunStatus,
  EmulatorRunUpdate,
  EmulatorSeed,
  EmulatorServer,
  EmulatorStatusFault,
  EmulatorStep,
  EmulatorStepOp,
  EmulatorStepSeed,
  EmulatorStepStatus,
  InngestEmulator,
} from "./types.js";
