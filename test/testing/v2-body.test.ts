import { describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";
const MISSING_RUN = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

const world = () =>
  createInngestEmulator({ now: () => NOW, seed: { apps: [{ id: "real-app", functions: [{ id: "invokable", event: "real/invokable" }] }], runs: [] } });

async function post(path: string, body: string) {
  const res = await world().fetch(`${API}${path}`, { method: "POST", body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const invoke = (body: string) => post("/v2/apps/real-app/functions/invokable/invoke", body);
const rerun = (body: string) => post(`/v2/runs/${MISSING_RUN}/rerun`, body);
const apiError = (message: string) => ({ status: 400, body: { errors: [{ code: "api_error", message }] } });
const runNotFound = { status: 404, body: { errors: [{ code: "not_found", message: "Run not found" }] } };

// Each answer was watched on the dev server (the same body to both routes, the run missing); grpc-gateway decodes
// both bodies alike, with Go's json.Decoder and then protojson.
describe("a v2 request body, decoded as grpc-gateway decodes it", () => {
  const both: [string, ReturnType<typeof apiError>][] = [
    ["{", apiError("unexpected EOF")],
    ["  {", apiError("unexpected EOF")],
    ["[", apiError("unexpected EOF")],
    ['{"data":', apiError("unexpected EOF")],
    ["nul", apiError("unexpected EOF")],
    ["1.", apiError("unexpected EOF")],
    ["[]", apiError("proto: syntax error (line 1:1): unexpected token [")],
    ["  []", apiError("proto: syntax error (line 1:1): unexpected token [")],
    ['"s"', apiError('proto: syntax error (line 1:1): unexpected token "s"')],
    ["1", apiError("proto: syntax error (line 1:1): unexpected token 1")],
    ["1x", apiError("proto: syntax error (line 1:1): unexpected token 1")],
    ["null", apiError("proto: syntax error (line 1:1): unexpected token null")],
    ["x", apiError("invalid character 'x' looking for beginning of value")],
    ["{,}", apiError("invalid character ',' looking for beginning of object key string")],
    ['{"data" 1}', apiError("invalid character '1' after object key")],
    ['{"a":1}', apiError('proto: (line 1:2): unknown field "a"')],
    ['\n{"a":1}', apiError('proto: (line 1:2): unknown field "a"')],
    ['{"\\u0061":1}', apiError('proto: (line 1:2): unknown field "\\u0061"')],
  ];
  test.each(both)("invoke and rerun answer %j alike", async (body, expected) => {
    expect(await invoke(body)).toEqual(expected);
    expect(await rerun(body)).toEqual(expected);
  });

  test.each([
    ['{"data":1}', "proto: syntax error (line 1:9): unexpected token 1"],
    ['{"data":[]}', "proto: syntax error (line 1:9): unexpected token ["],
    ['{"data":{},"a":1}', 'proto: (line 1:12): unknown field "a"'],
    ['{"data":{},"data":{}}', 'proto: (line 1:12): duplicate field "data"'],
    ['{"data":{},"idempotency_key":"x","idempotencyKey":"y"}', 'proto: (line 1:34): duplicate field "idempotencyKey"'],
    ['{"data":{},"idempotencyKey":1}', "proto: (line 1:29): invalid value for string field idempotencyKey: 1"],
    ['{"data":{},\n "idempotencyKey":1}', "proto: (line 2:19): invalid value for string field idempotencyKey: 1"],
    ['{"data":{},"idempotencyKey":-1.5e3}', "proto: (line 1:29): invalid value for string field idempotencyKey: -1.5e3"],
    ['{"data":{},"idempotencyKey":true}', "proto: (line 1:29): invalid value for string field idempotencyKey: true"],
    ['{"data":{},"idempotencyKey":{}}', "proto: (line 1:29): invalid value for string field idempotencyKey: {"],
    ['{"data":{},"app_id":5}', "proto: (line 1:21): invalid value for string field appId: 5"],
    ['{"data":{"a":1,"a":2}}', 'proto: (line 1:16): duplicate map key "a"'],
    ['{"data":{"x":[{"a":1,"a":2}]}}', 'proto: (line 1:22): duplicate map key "a"'],
    ['{"data":{"é":1,"é":2}}', 'proto: (line 1:16): duplicate map key "é"'],
    ['{"data":{"a":1e400}}', "proto: (line 1:14): invalid google.protobuf.Value: 1e400"],
  ])("invoke answers %j with api_error %j", async (body, message) => {
    expect(await invoke(body)).toEqual(apiError(message));
  });

  test("invoke: what follows the first value is not read; null is unset; the body's own ids are read and ignored", async () => {
    for (const body of ['{"data":{}} x', '{"data":{}}}', '{"data":{},"idempotencyKey":"a"} {', '{"data":{},"idempotencyKey":null}', '{"data":{},"functionId":"zzz","appId":"zzz"}']) {
      expect((await invoke(body)).status).toBe(200);
    }
    for (const body of ["", " ", "{}", "{} {}", '{"data":null}']) {
      expect(await invoke(body)).toEqual({ status: 400, body: { errors: [{ code: "missing_field", message: "Input data is required" }] } });
    }
  });

  test.each([
    ['{"fromStep":1}', apiError("proto: syntax error (line 1:13): unexpected token 1")],
    ['{"fromStep":{"stepId":1}}', apiError("proto: (line 1:23): invalid value for string field stepId: 1")],
    ['{"fromStep":{"stepId":"a","x":1}}', apiError('proto: (line 1:27): unknown field "x"')],
    ['{"fromStep":{"stepId":"a","step_id":"b"}}', apiError('proto: (line 1:27): duplicate field "step_id"')],
    ['{"fromStep":{"stepId":"a"},"fromStep":{"stepId":"b"}}', apiError('proto: (line 1:28): duplicate field "fromStep"')],
    ['{"fromStep":{"stepId":"a","input":1}}', apiError("proto: syntax error (line 1:35): unexpected token 1")],
    ['{"fromStep":{"stepId":"a","input":{}}}', apiError("proto: syntax error (line 1:35): unexpected token {")],
    ['{"run_id":5}', apiError("proto: (line 1:11): invalid value for string field runId: 5")],
    ['{"data":{}}', apiError('proto: (line 1:2): unknown field "data"')],
    // Rerun checks fromStep before it looks the run up.
    ['{"fromStep":{}}', { status: 400, body: { errors: [{ code: "missing_field", message: "Step ID is required" }] } }],
    ['{"fromStep":{"stepId":null}}', { status: 400, body: { errors: [{ code: "missing_field", message: "Step ID is required" }] } }],
    ['{"fromStep":{"stepId":""}}', { status: 400, body: { errors: [{ code: "missing_field", message: "Step ID is required" }] } }],
    // Decoded, then the run is not found: an empty body, null fields, the body's run id (the path's wins).
    ["", runNotFound],
    ["{}x", runNotFound],
    ['{"fromStep":null}', runNotFound],
    ['{"runId":"x"}', runNotFound],
    ['{"from_step":{"step_id":"a"}}', runNotFound],
    ['{"fromStep":{"stepId":"a","input":[1]}}', runNotFound],
    ['{"fromStep":{"stepId":"a","input":null}}', runNotFound],
  ])("rerun of a missing run answers %j as the dev server does", async (body, expected) => {
    expect(await rerun(body)).toEqual(expected);
  });
});
