import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isClearledgerError } from '@clearledger/core';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords.ts';

const cheap = { ln: 10, r: 8, p: 1 };

test('a password verifies against its own hash and not against another password', async () => {
  const phc = await hashPassword('correct horse battery', cheap);
  assert.match(phc, /^\$scrypt\$ln=10,r=8,p=1\$/);
  assert.equal(await verifyPassword(phc, 'correct horse battery'), true);
  assert.equal(await verifyPassword(phc, 'correct horse batterY'), false);
  assert.notEqual(await hashPassword('correct horse battery', cheap), phc, 'salted');
});

test('Unicode passwords are compared in NFC', async () => {
  const phc = await hashPassword('contrase\u00f1a-segura', cheap);
  assert.equal(await verifyPassword(phc, 'contrasen\u0303a-segura'), true);
});

test('short passwords are refused with CL_INPUT_INVALID; malformed hashes never verify', async () => {
  await assert.rejects(hashPassword('short', cheap), (e) => isClearledgerError(e) && e.code === 'CL_INPUT_INVALID');
  assert.equal(await verifyPassword('not a hash', 'whatever-password'), false);
  assert.equal(await verifyPassword('$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43), 'x'), false);
  assert.equal(await verifyPassword(DUMMY_PASSWORD_HASH, 'any password at all'), false);
});
