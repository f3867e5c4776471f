import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Progress, renderBar } from './progress.ts';

function capture(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('Progress', () => {
  it('renders the bar with counts and rate', () => {
    assert.equal(renderBar(2500, 10_000, 1234.4, 10), '[##........] 2,500/10,000  1,234/s');
    assert.equal(renderBar(10_000, 10_000, 5000, 10), '[##########] 10,000/10,000  5,000/s');
  });

  it('redraws one line in place on a terminal and ends it', () => {
    let now = 0;
    const stream = capture(true);
    const progress = new Progress(1000, { stream, label: 'issued', now: () => now });
    now = 500;
    progress.update(500);
    now = 550;
    progress.update(600); // within 100 ms: not redrawn
    now = 1000;
    progress.update(1000);
    progress.finish();
    assert.deepEqual(stream.writes, [
      '\r[##########..........] 500/1,000  1,000/s\x1b[K',
      '\r[####################] 1,000/1,000  1,000/s\x1b[K',
      '\n',
    ]);
  });

  it('prints a plain line every interval elsewhere, none for a short run, nothing when disabled', () => {
    let now = 0;
    const stream = capture(false);
    const progress = new Progress(10_000, { stream, label: 'issued', now: () => now });
    now = 1000;
    progress.update(1000);
    now = 2500;
    progress.update(2500);
    now = 3000;
    progress.update(3000);
    now = 5000;
    progress.update(10_000);
    progress.finish();
    assert.deepEqual(stream.writes, ['issued 2,500/10,000 (1,000/s)\n']);
    const quiet = new Progress(10, { stream: undefined, label: 'issued' });
    quiet.update(10);
    quiet.finish();
  });
});
