/**
 * Stands in for the MCP SDK's `validation/ajv-provider.js` in the build (tsup.config.ts). The SDK's
 * `Server` imports Ajv only to build its default validator of elicitation answers; this server
 * never elicits and hands `Server` a validator of its own (serve.ts), so the default is never
 * made. Leaving Ajv out takes about 275 KB (Ajv, ajv-formats, fast-uri) out of dist/mcp.js and
 * its start-up.
 */
export class AjvJsonSchemaValidator {
  constructor() {
    throw new Error("inngest-rest mcp: Ajv is not bundled; pass jsonSchemaValidator to Server");
  }
}
