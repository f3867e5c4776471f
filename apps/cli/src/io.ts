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
