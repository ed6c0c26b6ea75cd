// No key in any byte the command prints: stdout, stderr (errors, --verbose lines, warnings) and
// the --failed file, on success and on every kind of failure.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { hashSigningKey } from "../../src/internal/secrets.js";
import { createInngestEmulator } from "../../src/testing/index.js";
import { cli, type Ran, served } from "./cli.js";

const EVENT_KEY = "evtkeyQ7w2Lr9Xb4Mn8Pz";
const WRONG_EVENT_KEY = "evtkeyWrong5Hd2Kf7Vc";
const SIGNING_KEY = "signkey-prod-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const WRONG_SIGNING_KEY = "signkey-prod-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

const emulator = createInngestEmulator({ eventKeys: [EVENT_KEY], signingKey: SIGNING_KEY, seed: { runs: 30 } });
const server = served(emulator);
const dir = mkdtempSync(join(tmpdir(), "inngest-rest-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("no key, raw, hashed or URL-encoded, appears in any output, on success or failure, with --verbose", async () => {
  const env = { INNGEST_BASE_URL: server.url(), INNGEST_EVENT_KEY: EVENT_KEY, INNGEST_SIGNING_KEY: SIGNING_KEY };
  const failed = join(dir, "failed.ndjson");
  const runs: Ran[] = await Promise.all([
    cli(["events", "send", "--name", "app/x", "--verbose"], { env }),
    cli(["events", "send", "-", "--verbose", "--failed", failed], { env: { ...env, INNGEST_EVENT_KEY: WRONG_EVENT_KEY }, input: '{"name":"app/y"}\n' }),
    cli(["runs", "list", "--limit", "3", "--verbose"], { env }),
    cli(["runs", "get", "01JF0000000000000000000000", "--verbose"], { env }),
    cli(["apps", "list", "--verbose"], { env: { ...env, INNGEST_SIGNING_KEY: WRONG_SIGNING_KEY } }),
    // Nothing listens on port 9: the connection is refused, retried, and reported.
    cli(["events", "send", "--name", "app/z", "--verbose"], { env: { ...env, INNGEST_BASE_URL: "http://127.0.0.1:9" } }),
  ]);
  expect(runs.map((r) => r.code)).toEqual([0, 4, 0, 5, 4, 1]);
  expect(runs[0]!.stderr).toMatch(/POST \/e\/\*\*\* #1 -> 200/);
  expect(runs[5]!.stderr).toMatch(/POST \/e\/\*\*\* #2 retry in \d+ ms \(network\)/);

  const secrets = [EVENT_KEY, WRONG_EVENT_KEY, SIGNING_KEY, WRONG_SIGNING_KEY];
  for (const key of [SIGNING_KEY, WRONG_SIGNING_KEY]) secrets.push(await hashSigningKey(key));
  // The secret part of each signing key, raw and hashed, without the readable prefix.
  const needles = [...secrets, ...secrets.map((s) => s.replace(/^signkey-\w+-/, ""))];
  const printed = [...runs.flatMap((r) => [r.stdout, r.stderr]), readFileSync(failed, "utf8")].join("\n");
  for (const needle of needles) {
    expect(printed).not.toContain(needle);
    expect(printed).not.toContain(encodeURIComponent(needle));
  }
}, 30_000);
