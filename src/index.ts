/**
 * inngest-rest: a small, typed SDK for Inngest's Event API and REST API.
 *
 * Start with {@link createInngestClient}.
 * @module inngest-rest
 */
export { createInngestClient, type InngestClient, type InngestClientOptions } from "./client.js";
export type { ClientOptions, FetchLike, RequestOptions } from "./core/options.js";
export type {
  AttemptFailedEvent,
  RequestEvent,
  RequestEventBase,
  RequestObserver,
  RequestStartEvent,
  ResponseEvent,
  RetryEvent,
} from "./core/observe.js";
export {
  AbortError,
  type ApiErrorDetails,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InngestApiError,
  InngestError,
  InternalServerError,
  isInngestApiError,
  isInngestError,
  isPartialSendError,
  MissingKeyError,
  NotFoundError,
  NotSupportedError,
  PartialSendError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  type UnprocessableEntityCode,
  UnprocessableEntityError,
  ValidationError,
  type ValidationIssue,
} from "./core/errors.js";
export { type Page, PagePromise } from "./core/pagination.js";
export { Apps, type ListAppsParams } from "./resources/apps.js";
export { Cancellations, type CreateCancellationParams } from "./resources/cancellations.js";
export { Events, type SendInput, type SendOptions, type SendResult } from "./resources/events.js";
export { Functions, type InvokeOptions, type ListFunctionsParams } from "./resources/functions.js";
export { type ListRunsParams, type ReplayResult, Runs, type RunStatusFilter } from "./resources/runs.js";
export { Signals } from "./resources/signals.js";
export type { GetRunOptions, TraceRunOptions } from "./resources/runs.js";
export type { WaitForRunOptions } from "./resources/wait-for-run.js";
export { EventLookups, type EventRunsParams, type ListEventsParams } from "./resources/event-lookups.js";
export type { ReceivedEvent } from "./wire/received-events.js";
export { RunTrace, type TraceSpan, type TraceSpanMetadata, type TraceSpanStatus, type TraceStepOp } from "./wire/run-trace.js";
export type { App, AppMethod, AppSync } from "./wire/apps.js";
export type { Cancellation } from "./wire/cancellations.js";
export type { AnyEvents, EventData, EventMap, EventPayload, EventSchemas, SendableEvent, StandardSchemaV1 } from "./wire/events.js";
export type {
  FunctionConcurrency,
  FunctionConfiguration,
  FunctionTrigger,
  InngestFunction,
  InvokeResult,
} from "./wire/functions.js";
export type { Run, RunJob, RunStatus } from "./wire/run-types.js";
export type { SignalResult } from "./wire/signals.js";
export { VERSION } from "./version.js";
