import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { sha1Hex } from "../../src/testing/sha1.js";

describe("sha1Hex", () => {
  test("matches FIPS 180 test vectors and what the dev server showed for step ids", () => {
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    // Watched on the dev server: the steps "nap", "wait" and "double" of test/real/app.mjs.
    expect(sha1Hex("nap")).toBe("c2640f79b4ed481b838ce4ad75330aa3f825d4d9");
    expect(sha1Hex("wait")).toBe("daaad336276d15594d0e765f96c17cd746bf4971");
    expect(sha1Hex("double")).toBe("bdb36bb22deb169275b3094ba9005a29eeddd195");
  });

  test("agrees with node:crypto on every length around the block edges, and on UTF-8", () => {
    for (let n = 0; n < 200; n++) {
      const text = "x".repeat(n);
      expect(sha1Hex(text)).toBe(createHash("sha1").update(text).digest("hex"));
    }
    for (const text of ["é", "step:1", "日本語のステップ", "🙂 emoji", "a".repeat(100_000)]) {
      expect(sha1Hex(text)).toBe(createHash("sha1").update(text, "utf8").digest("hex"));
    }
  });
});
