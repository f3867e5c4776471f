import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

/** Environment of a program under test: SQLite in its own folder, no rate limits in the way, whatever the test run itself has. */
export function programEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: '',
    CLEARLEDGER_KEY_PASSPHRASE: '',
    CHAIN_RPC_URL: '',
    // Load and fault tests send thousands of requests a minute from one address.
    CLEARLEDGER_RATE_LIMITS: '1000000,1000000,1000,1000000',
    ...extra,
  };
}

/** A running `npm start` node on a free loopback port, with what it printed at start. */
export type RunningNode = {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** A line of the start banner, e.g. `field('chain account')`. */
  field: (name: string) => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * Starts the node program (`apps/server/src/main.ts`) and resolves once it listens. Without
 * `options.demo` the node starts with `--no-demo` (an empty network but for its own organisation).
 */
export function startNode(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
  options: { demo?: boolean; nodeArgs?: string[] } = {},
): Promise<RunningNode> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      'apps/server/src/main.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.demo === true ? [] : ['--no-demo']),
    ],
    {
      cwd: root,
      env: programEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        child,
        url: m[1]!,
        output: () => out,
        field: (name) => new RegExp(`^\\s*${name}\\s+(.+)$`, 'm').exec(out)?.[1]?.trim() ?? '',
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${out}`));
    });
  });
}

/** Runs the `clearledger` CLI synchronously. */
export function cli(
  env: Record<string, string>,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [`${root}apps/cli/bin/clearledger.mjs`, ...args], {
    env: programEnv(env),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the `clearledger` CLI without blocking the event loop (so a test can keep driving a node
 * meanwhile). Resolves with its exit code and output; killed after `timeoutMs`.
 */
export function cliAsync(
  env: Record<string, string>,
  args: string[],
  timeoutMs = 120_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [`${root}apps/cli/bin/clearledger.mjs`, ...args], {
    env: programEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Polls `check` (every `intervalMs`) until it returns a value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
  intervalMs = 200,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The organisation of a producer's node in end-to-end tests (its own USMCA records pass the role check). */
export const producerNodeEnv = {
  CLEARLEDGER_ORG_DID: 'did:web:producer.example',
  CLEARLEDGER_ORG_NAME: 'Producer',
  CLEARLEDGER_ORG_ROLES: 'PRODUCER',
  CLEARLEDGER_ORG_COUNTRY: 'MX',
} as const;
