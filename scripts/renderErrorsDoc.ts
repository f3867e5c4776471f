// Renders docs/errors.md from the error catalogue and the two edge tables (HTTP status, CLI exit
// code). `node --import tsx scripts/renderErrorsDoc.ts --write` updates the file; a test fails when
// the file and the code disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { exitCodeByCode } from '../apps/cli/src/exitCodeByCode.ts';
import { httpStatusByCode } from '../apps/server/src/http/httpStatusByCode.ts';
import { allErrorCodes, errorCodes } from '../packages/core/src/errors/codes.ts';

export const errorsDocPath = new URL('../docs/errors.md', import.meta.url);

export function renderErrorsDoc(): string {
  const errors = allErrorCodes.filter((c) => !c.startsWith('CL_VERIFY_'));
  const reasons = allErrorCodes.filter((c) => c.startsWith('CL_VERIFY_'));
  return [
    '# Error and reason codes',
    '',
    'Every error Clearledger reports carries a stable code `CL_<AREA>_<CONDITION>` and a message a person',
    'can act on. The HTTP API answers `{"error": {"code", "message", "field"?, "details"?}}` with the status',
    'below; the `clearledger` CLI exits with the code below (`--json` prints the same error object).',
    'This page is generated from `packages/core/src/errors/codes.ts` and the two edge tables',
    '(`apps/server/src/http/httpStatusByCode.ts`, `apps/cli/src/exitCodeByCode.ts`) by',
    '`node --import tsx scripts/renderErrorsDoc.ts --write`; a test fails when they disagree.',
    '',
    '## Errors',
    '',
    '| code | meaning | HTTP | CLI exit |',
    '|---|---|---|---|',
    ...errors.map((c) => `| \`${c}\` | ${errorCodes[c]} | ${httpStatusByCode[c]} | ${exitCodeByCode[c]} |`),
    '',
    '## Verification reasons',
    '',
    'A verification report lists every check (`format`, `integrity`, `issuer`, `anchor`, `status`,',
    '`validity`, `domain`) with a status `VALID | INVALID | ERROR | SKIPPED` and one of these reason codes.',
    'The verdict is VALID only when every check is VALID or SKIPPED with `CL_VERIFY_NOT_APPLICABLE`;',
    'INVALID when any check is INVALID; otherwise INCONCLUSIVE. The HTTP answer of a verification is',
    '200 with the report; the CLI exits 0 (VALID), 1 (INVALID) or 3 (INCONCLUSIVE).',
    '',
    '| code | meaning | CLI exit when it decides the verdict |',
    '|---|---|---|',
    ...reasons.map((c) => `| \`${c}\` | ${errorCodes[c]} | ${exitCodeByCode[c]} |`),
    '',
  ].join('\n');
}

if (process.argv.includes('--write')) {
  writeFileSync(errorsDocPath, renderErrorsDoc());
  process.stdout.write(`wrote ${errorsDocPath.pathname}\n`);
} else if (process.argv[1]?.endsWith('renderErrorsDoc.ts')) {
  process.exit(readFileSync(errorsDocPath, 'utf8') === renderErrorsDoc() ? 0 : 1);
}
