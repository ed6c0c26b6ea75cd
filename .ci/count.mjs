// Sums vitest JSON reports (the runtimes report and the steps' reports have the same shape) into one
// "N passed, N failed" line. Above that line it names every failure with the first line of its error, so the tail
// of a CI log (often all that is kept) says what failed, not only how many, and every test that passed only on a
// retry. A failure is: a failed test; a suite that failed with no failed test (a beforeAll or afterAll that
// threw, a file that did not load); a run that failed with neither (a global setup that threw, an unhandled
// error); a report that is missing (its leg never wrote it).
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
const failures = [];
const retried = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failures.push(`${file}: missing report (its leg did not run to the end)`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  const before = failed;
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  for (const suite of report.testResults ?? []) {
    const tests = suite.assertionResults ?? [];
    if (suite.status === "failed" && !tests.some((t) => t.status === "failed")) {
      failed++;
      failures.push(`${file}: ${suite.name}: ${firstLine(suite.message)}`);
    }
    // Passed with failure messages: failed a try, passed a later one (the real-server suite retries a test only
    // when the dev server lost writes during it).
    for (const t of tests.filter((t) => t.status === "passed" && (t.failureMessages ?? []).length > 0)) {
      retried.push(`${file}: ${t.fullName ?? t.title}: ${firstLine(t.failureMessages[0])}`);
    }
    for (const t of tests.filter((t) => t.status === "failed")) {
      failures.push(`${file}: ${t.fullName ?? t.title}: ${firstLine((t.failureMessages ?? [])[0])}`);
    }
  }
  if (report.success === false && failed === before) {
    failed++;
    failures.push(`${file}: the run failed outside any test (a global setup, an unhandled error)`);
  }
}
if (retried.length > 0) console.log(`passed on a retry:\n${retried.map((f) => `  - ${f}`).join("\n")}`);
if (failures.length > 0) console.log(`failed:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function firstLine(text) {
  return String(text ?? "(no message)").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 300) ?? "(no message)";
}
