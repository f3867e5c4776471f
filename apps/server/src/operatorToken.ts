import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The node operator's API token: created on first start in `<dataDir>/operator-token` (mode 0600). */
export function readOrCreateOperatorToken(dataDir: string): string {
  const file = join(dataDir, 'operator-token');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
