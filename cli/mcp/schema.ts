/**
 * A tool's `inputSchema` (JSON Schema), generated from the zod/mini schema its arguments are
 * checked with, so the two cannot drift. Custom types (the SDK's plain-object check for an event's
 * `data`) have no JSON Schema of their own: they are JSON objects, and say so.
 */
import * as z from "zod/mini";

export type JsonSchema = { type: "object"; [key: string]: unknown };

export function inputSchema(schema: z.ZodMiniObject): JsonSchema {
  const json = z.toJSONSchema(schema, {
    // "output": a pipe (the SDK's event name) shows the checks of its last stage, lengths included.
    io: "output",
    unrepresentable: "any",
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === "custom") ctx.jsonSchema["type"] = "object";
    },
  }) as Record<string, unknown>;
  // Some hosts refuse a `$schema` key in a tool's schema; MCP's default dialect is the same draft.
  delete json["$schema"];
  return json as JsonSchema;
}
