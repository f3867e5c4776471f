import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { ClearledgerError, parseJsonOrThrow } from '@clearledger/core';
import { normalizeNodeUrl } from './nodeClient.ts';

/** What the CLI's config file holds (written by `clearledger login`). */
export type CliConfigFile = {
  /** The node this CLI talks to. */
  node?: string;
  /** Bearer token for that node. */
  token?: string;
  /** Who the token belongs to, for people reading the file. */
  username?: string;
  clientId?: string;
  tokenExpiresAt?: string;
};

/**
 * Where the config file is: `--config`, else `$CLEARLEDGER_CONFIG`, else
 * `$XDG_CONFIG_HOME/clearledger/config.json` (default `~/.config/clearledger/config.json`).
 */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv): { path: string; explicit: boolean } {
  if (flag !== undefined && flag !== '') return { path: flag, explicit: true };
  if (env.CLEARLEDGER_CONFIG !== undefined && env.CLEARLEDGER_CONFIG !== '')
    return { path: env.CLEARLEDGER_CONFIG, explicit: true };
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG Base Directory specification ignores a relative XDG_CONFIG_HOME.
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(homedir(), '.config');
  return { path: join(base, 'clearledger', 'config.json'), explicit: false };
}

/**
 * Reads the config file; `{}` when it does not exist (unless `mustExist`). A file holding a token
 * must belong to this user and be readable by nobody else (mode 0600): anything else is refused
 * with CL_CONFIG_INVALID, because the token is a password for the node.
 */
export function readCliConfig(path: string, mustExist = false): CliConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !mustExist) return {};
    throw new ClearledgerError('CL_CONFIG_INVALID', `Cannot read the config file ${path}: ${code ?? 'error'}.`, {
      field: '--config',
    });
  }
  let value: unknown;
  try {
    value = parseJsonOrThrow(text, { maxBytes: 64 * 1024, maxDepth: 4 });
  } catch (error) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `The config file ${path} is not valid JSON: ${(error as Error).message}`,
      { field: '--config' },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ClearledgerError('CL_CONFIG_INVALID', `The config file ${path} must hold a JSON object.`, {
      field: '--config',
    });
  const raw = value as Record<string, unknown>;
  const config: CliConfigFile = {};
  for (const key of ['node', 'token', 'username', 'clientId', 'tokenExpiresAt'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string')
      throw new ClearledgerError('CL_CONFIG_INVALID', `"${key}" in the config file ${path} must be a string.`, {
        field: key,
      });
    config[key] = v;
  }
  if (config.token !== undefined) assertPrivate(path);
  if (config.node !== undefined) config.node = normalizeNodeUrl(config.node);
  return config;
}

/** A token file must be owner-only: no group or other permission bits, and owned by this user. */
function assertPrivate(path: string): void {
  if (process.platform === 'win32') return;
  const st = statSync(path);
  const mode = st.mode & 0o777;
  const uid = process.getuid?.();
  if ((mode & 0o077) !== 0 || (uid !== undefined && st.uid !== uid)) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `The config file ${path} holds an access token but ${
        (mode & 0o077) !== 0
          ? `other users may read it (mode 0${mode.toString(8)})`
          : `belongs to another user (uid ${st.uid})`
      }; refusing to use it. Run: chmod 600 ${path} (or sign in again: clearledger login --node <url> …).`,
      { field: '--config', details: { path, mode: `0${mode.toString(8)}` } },
    );
  }
}

/**
 * Writes the config file owner-only (0600; its folder 0700 when created), atomically: a temporary
 * file in the same folder, fsynced, then renamed over the old one.
 */
export function writeCliConfig(path: string, config: CliConfigFile): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.config.${process.pid}.${Date.now()}.tmp`);
  const text = JSON.stringify(config, null, 2) + '\n';
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The mode given to open() is reduced by the umask; set it exactly.
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
