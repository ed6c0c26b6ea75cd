/** Where the dev server binary is: INNGEST_DEV_SERVER_BIN, else ../shared/inngest-dev-server/inngest beside `projectRoot`, else `inngest` on PATH. */
export function findDevServer(env?: Record<string, string | undefined>, projectRoot?: string): string | undefined;
export interface RealServer {
  url: string;
  appUrl: string;
  logDir: string;
  pids: { server: number; app: number };
  stop(): Promise<void>;
}
export function startRealServer(options?: { bin?: string; logDir?: string }): Promise<RealServer>;
