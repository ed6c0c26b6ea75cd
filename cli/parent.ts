/**
 * Stopping with the process that started this one. A server the user started in the background
 * (`inngest-rest emulator &`, or `npx inngest-rest emulator &`) must not outlive what they kill:
 *
 * - Killed directly: SIGTERM, SIGINT and SIGHUP (the terminal closed) reach this process.
 * - Its parent gone: Node tells no child when its parent dies. `npx` runs the command as
 *   npm -> sh -> node, and killing npm by its pid leaves sh and this process orphaned, still
 *   holding the port (issue 19). So this watches, twice a second, its parent (`process.ppid`
 *   changes when the parent dies) and, when npm started it (`npm_command` is set in its
 *   environment), npm itself: the parent of its parent, read from /proc on Linux.
 */
import { requireBuiltin } from "./builtin.js";

/** Calls `stop` once: on a stopping signal, or when the parent (or npm above it) is gone. */
export function stopWithParent(stop: () => void, everyMs = 500): void {
  let stopped = false;
  const once = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    stop();
  };
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.once(signal, once);
  const parent = process.ppid;
  const npm = process.env["npm_command"] ? parentOf(parent) : undefined;
  const timer = setInterval(() => {
    if (process.ppid !== parent || (npm !== undefined && !alive(npm))) once();
  }, everyMs);
  timer.unref();
}

/** The parent of `pid`, from /proc (Linux); undefined where it cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = requireBuiltin<typeof import("node:fs")>("node:fs").readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
