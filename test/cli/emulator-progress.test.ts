// `inngest-rest emulator --progress`: runs that events start move to an end on their own, so `runs wait` and
// `signals send` can be tried offline, with nothing playing the function's part.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CLI, cli, ndjson } from "./cli.js";

let child: ReturnType<typeof spawn>;
let env: Record<string, string>;

beforeAll(async () => {
  child = spawn(process.execPath, [CLI, "emulator", "--port", "0", "--progress"], { stdio: ["ignore", "pipe", "pipe"] });
  const line = await new Promise<string>((resolve) => child.stdout!.once("data", (d: Buffer) => resolve(d.toString())));
  env = { INNGEST_DEV: (JSON.parse(line) as { url: string }).url };
});

afterAll(async () => {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.on("close", resolve));
});

async function runOf(eventName: string, data: Record<string, unknown>): Promise<string> {
  const sent = await cli(["events", "send", "--name", eventName, "--data", JSON.stringify(data)], { env });
  expect(sent.code).toBe(0);
  const eventId = (ndjson(sent.stdout)[0] as { ids?: string[]; id?: string }).ids?.[0] ?? (ndjson(sent.stdout)[0] as { id: string }).id;
  const runs = await cli(["events", "runs", eventId], { env });
  return (ndjson(runs.stdout)[0] as { id: string }).id;
}

test("runs wait prints a run an event started once it has completed, with its function's output", async () => {
  const runId = await runOf("shop/order.placed", { orderId: "o_1" });
  const ran = await cli(["runs", "wait", runId, "--interval", "50", "--timeout", "10000"], { env });
  expect(ran.code).toBe(0);
  expect(JSON.parse(ran.stdout)).toMatchObject({ id: runId, status: "completed", output: { receipt: "sent" } });
});

test("a run waiting for a signal resumes when signals send names it", async () => {
  const runId = await runOf("billing/customer.updated", { signal: "approve/c_9" });
  const early = await cli(["runs", "wait", runId, "--interval", "50", "--timeout", "400"], { env });
  expect(early.code).toBe(1); // still waiting
  const signalled = await cli(["signals", "send", "approve/c_9", "--data", "{}"], { env });
  expect(signalled.code).toBe(0);
  const ran = await cli(["runs", "wait", runId, "--interval", "50", "--timeout", "10000"], { env });
  expect(JSON.parse(ran.stdout)).toMatchObject({ id: runId, status: "completed" });
});
