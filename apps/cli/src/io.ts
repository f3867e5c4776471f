import { readFileSync } from 'node:fs';
import { ClearledgerError, parseJsonOrThrow } from '@clearledger/core';

/** Largest input file the CLI reads (the hostile-JSON parser enforces it again). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Reads a JSON file (or `-` for stdin) through the hostile-JSON parser. */
export function readJsonFile(path: string, maxDepth = 64): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (cause) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`,
      {
        field: path,
      },
    );
  }
  return parseJsonOrThrow(text, { maxBytes: MAX_INPUT_BYTES, maxDepth });
}

/** Reads a text file (or `-` for stdin) of at most {@link MAX_INPUT_BYTES}. */
export function readTextFile(path: string): string {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path === '-' ? 0 : path);
  } catch (cause) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`,
      { field: path },
    );
  }
  if (buffer.length > MAX_INPUT_BYTES)
    throw new ClearledgerError('CL_JSON_TOO_LARGE', `${path} is larger than ${MAX_INPUT_BYTES} bytes.`, {
      field: path,
    });
  return buffer.toString('utf8');
}
