/**
 * The shape of one input problem, in a module of its own: both the error classes and the event
 * checks (`wire/events.ts`) need it, and neither should import the other for it.
 * @module
 */

/** One problem found in the input, as `ValidationError.issues` lists it. */
export interface ValidationIssue {
  /** Position of the bad event in the input (absolute, across chunks), when the input was a batch. */
  index?: number;
  /**
   * The field, as a dotted path (`"name"`, `"data.userId"`, `"ts"`); empty for the value itself. For a
   * bad option, the option's name (`"batchSize"`) or the environment variable it came from.
   */
  path: string;
  /** What is wrong, in plain words. */
  message: string;
}
