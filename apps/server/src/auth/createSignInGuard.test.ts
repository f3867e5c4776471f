import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { tempNode } from '../../../../test/helpers/tempNode.ts';
import { buildApp } from '../buildApp.ts';
import { createSignInGuard } from './createSignInGuard.ts';

const PASSWORD = 'the right password, long enough';
const ATTACKER = '203.0.113.66';
const USER = '198.51.100.20';

describe('sign-in back-off: per username and address, never a lock-out from elsewhere', () => {
  let env: Awaited<ReturnType<typeof tempNode>>;
  let app: FastifyInstance;
  const login = (username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/auth/login', payload: { username, password }, remoteAddress, headers });

  before(async () => {
    env = await tempNode();
    const passwordHash = await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 });
    for (const username of ['victim', 'spread', 'proxied'])
      await env.node.store.putAccount({
        id: `acct_${username}`,
        orgId: env.node.operatorOrgId,
        username,
        displayName: username,
        passwordHash,
        roles: ['ADMIN'],
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        createdAt: new Date().toISOString(),
      });
    app = await buildApp({ node: env.node, rateLimits: { loginPerMinute: 10_000, anonymousPerMinute: 10_000 } });
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  it('an attacker failing 20 times from one address cannot lock the user out; the attacker is backed off', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await login('victim', `guess ${i}`, ATTACKER);
      answers.push(res.json().error.code);
    }
    assert.deepEqual(answers.slice(0, 5), Array(5).fill('CL_AUTH_INVALID_CREDENTIALS'));
    assert.deepEqual(new Set(answers.slice(5)), new Set(['CL_AUTH_LOCKED']), 'backed off after five');
    // Even the right password does not get through from the attacker's address…
    const attacker = await login('victim', PASSWORD, ATTACKER);
    assert.equal(attacker.statusCode, 429);
    assert.equal(attacker.json().error.code, 'CL_AUTH_LOCKED');
    assert.ok(Number(attacker.headers['retry-after']) >= 1);
    // …while the user signs in from their own.
    const user = await login('victim', PASSWORD, USER);
    assert.equal(user.statusCode, 200, user.body);
  });

  it("a guess spread over many addresses slows the username for new addresses, not for the user's own", async () => {
    // The user signed in from USER before the attack.
    assert.equal((await login('spread', PASSWORD, USER)).statusCode, 200);
    // 50 wrong passwords, each from its own address (none is backed off on its own).
    for (let i = 0; i < 50; i++) {
      const res = await login('spread', `guess ${i}`, `10.9.0.${i}`);
      assert.equal(res.json().error.code, 'CL_AUTH_INVALID_CREDENTIALS');
    }
    // A fresh address gets one attempt, then waits.
    const first = await login('spread', 'guess again', '10.10.0.1');
    const second = await login('spread', 'guess again', '10.10.0.2');
    assert.equal(first.json().error.code, 'CL_AUTH_INVALID_CREDENTIALS');
    assert.equal(second.json().error.code, 'CL_AUTH_LOCKED');
    // The user's own address is never slowed.
    assert.equal((await login('spread', PASSWORD, USER)).statusCode, 200);
  });

  it('trustProxy off (the default): a forged X-Forwarded-For does not change the address', async () => {
    for (let i = 0; i < 5; i++) await login('proxied', `guess ${i}`, ATTACKER, { 'x-forwarded-for': `192.0.2.${i}` });
    const forged = await login('proxied', PASSWORD, ATTACKER, { 'x-forwarded-for': '192.0.2.200' });
    assert.equal(forged.json().error.code, 'CL_AUTH_LOCKED', 'the back-off follows the TCP peer');
  });

  it('trustProxy on: the client address comes from X-Forwarded-For set by the trusted proxy', async () => {
    const behindProxy = await buildApp({
      node: env.node,
      trustProxy: ['127.0.0.1'],
      rateLimits: { loginPerMinute: 10_000 },
    });
    const viaProxy = (password: string, client: string) =>
      behindProxy.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'proxied', password },
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
      });
    for (let i = 0; i < 5; i++) await viaProxy(`guess ${i}`, ATTACKER);
    assert.equal((await viaProxy(PASSWORD, ATTACKER)).json().error.code, 'CL_AUTH_LOCKED');
    assert.equal((await viaProxy(PASSWORD, USER)).statusCode, 200, 'another client behind the same proxy signs in');
    await behindProxy.close();
  });
});

describe('createSignInGuard', () => {
  it('backs a pair off exponentially (1, 2, 4 … minutes, at most an hour) and clears it on success', () => {
    let t = 0;
    const guard = createSignInGuard({}, () => t);
    for (let i = 0; i < 5; i++) guard.failed('alice', 'a');
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const decision = guard.check('alice', 'a');
      assert.equal(decision.ok, false);
      if (decision.ok) return;
      waits.push(decision.retryAfterSeconds);
      t += decision.retryAfterSeconds * 1000;
      assert.equal(guard.check('alice', 'a').ok, true);
      guard.failed('alice', 'a');
    }
    assert.deepEqual(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
    assert.equal(guard.check('alice', 'b').ok, true, 'another address is not backed off');
    t += 3_600_000;
    guard.succeeded('alice', 'a');
    guard.failed('alice', 'a');
    assert.equal(guard.check('alice', 'a').ok, true, 'a success starts the count again');
  });

  it('bounds guessing spread over many addresses: at most one attempt per interval from new addresses', () => {
    let t = 0;
    const guard = createSignInGuard({ slowAfter: 50, slowIntervalMs: 10_000 }, () => t);
    for (let i = 0; i < 50; i++) guard.failed('bob', `addr${i}`);
    let allowed = 0;
    for (let second = 0; second < 60; second++) {
      for (let i = 0; i < 100; i++) if (guard.check('bob', `new${second}-${i}`).ok) allowed++;
      t += 1000;
    }
    assert.equal(allowed, 6, 'one per 10 s over a minute');
    t += 15 * 60_000;
    assert.equal(guard.check('bob', 'later').ok, true, 'the slow-down ends when the failures leave the window');
  });
});
