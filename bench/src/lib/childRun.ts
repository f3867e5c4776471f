import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs one benchmark case in a fresh Node process (so peak RSS belongs to that case alone) and
 * returns the JSON it prints on its last stdout line. Bounded by `timeoutMs`.
 */
export function runInChild<T>(script: URL, args: string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(script), args, {
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script.pathname} ${args.join(' ')} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script.pathname} ${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`unexpected output: ${last}`));
      }
    });
  });
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
