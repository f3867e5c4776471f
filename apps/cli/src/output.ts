import type { IssueProblem, VerificationReport } from '@clearledger/core';

/** Prints results for people (text on stdout/stderr) or for scripts (`--json`, one JSON document). */
export class Output {
  readonly json: boolean;
  constructor(json: boolean) {
    this.json = json;
  }

  result(data: unknown, text: string): void {
    if (this.json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
    else process.stderr.write(text + '\n');
  }

  problems(title: string, problems: readonly IssueProblem[]): void {
    if (this.json) {
      process.stdout.write(
        JSON.stringify(
          { error: { code: problems[0]?.code ?? 'CL_INPUT_INVALID', message: title, problems } },
          null,
          2,
        ) + '\n',
      );
      return;
    }
    process.stderr.write(title + '\n');
    for (const p of problems) process.stderr.write(`  #${p.index} ${p.field}: ${p.message} [${p.code}]\n`);
  }

  error(error: { code: string; message: string; field?: string | undefined }): void {
    if (this.json) process.stdout.write(JSON.stringify({ error }, null, 2) + '\n');
    else process.stderr.write(`${error.code}: ${error.message}\n`);
  }

  report(report: VerificationReport): void {
    if (this.json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return;
    }
    const mark = { VALID: '✔', INVALID: '✘', ERROR: '!', SKIPPED: '–' } as const;
    const lines = [
      `${report.verdict}  ${report.types?.filter((t) => t !== 'VerifiableCredential').join(', ') ?? ''} ${report.credentialId ?? ''}`.trim(),
    ];
    if (report.issuer !== undefined) lines.push(`  issuer  ${report.issuer}`);
    for (const c of report.checks)
      lines.push(`  ${mark[c.status]} ${c.check.padEnd(9)} ${c.status.padEnd(8)} ${c.message} [${c.code}]`);
    if (report.ledgerSource !== undefined) lines.push(`  ledger facts: ${report.ledgerSource.kind}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
}
