// TrustVC (TradeTrust's W3C VC 2.0 stack, @trustvc/trustvc) signing and verifying the same USMCA
// certification as a W3C credential with its default cryptosuite (ecdsa-sd-2023), in its own
// process: `trustvcCase.ts <issueCount> <verifyCount>`. Offline: contexts come from TrustVC's
// embedded set plus Clearledger's vocabulary, the issuer's did:web document is served by the
// document loader from memory, and any network access fails the case (fetch is replaced).
// Prints {"issuePerSec","verifyPerSec","derivePerSec","cryptosuite"} as its last line.

import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLEARLEDGER_V1_CONTEXT, clearledgerV1Context } from '@clearledger/core';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';

// TrustVC's signW3C / verifyW3CSignature are one-line wrappers over @trustvc/w3c-vc's signCredential
// and verifyCredential, which this case calls directly with an offline document loader (deriveW3C
// offers no loader). The packages' ES module entry points do not load on Node (w3c-vc's re-exports a
// TypeScript type as a value) and their CommonJS builds require ES-only packages (cborg), so the
// implementation modules are imported by file, with one import rewritten (see trustvcHooks.mjs).
register(new URL('./trustvcHooks.mjs', import.meta.url));
const trustvcRoot = fileURLToPath(new URL('../..', import.meta.resolve('@trustvc/trustvc')));
const moduleOf = async (pkg: string, file: string) => {
  const nested = `${trustvcRoot}node_modules/${pkg}/${file}`;
  const hoisted = `${trustvcRoot}../../${pkg}/${file}`;
  return import(pathToFileURL(existsSync(nested) ? nested : hoisted).href);
};
const { signCredential, verifyCredential, deriveCredential } = await moduleOf(
  '@trustvc/w3c-vc',
  'dist/esm/lib/w3c-vc.js',
);
const { getDocumentLoader } = await moduleOf('@trustvc/w3c-context', 'dist/esm/index.js');
const { CryptoSuite, generateKeyPair } = await moduleOf('@trustvc/w3c-issuer', 'dist/esm/index.js');

const [issueText, verifyText] = process.argv.slice(2);
const issueCount = Number(issueText ?? 200);
const verifyCount = Number(verifyText ?? 200);
const ROUNDS = 2;

let fetched = 0;
globalThis.fetch = (async (input: unknown) => {
  fetched++;
  throw new Error(`the TrustVC case may not use the network (asked for ${String(input)})`);
}) as typeof fetch;

// The issuer's did:web document, made here as TrustVC's issueDID makes it (issueDID itself first
// looks the domain up on the network, to extend an existing document).
const keys = await generateKeyPair({ type: CryptoSuite.EcdsaSd2023 });
const did = 'did:web:producer.example';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const didKeyPairs = {
  '@context': MULTIKEY_V1,
  id: `${did}#keys-1`,
  type: 'Multikey',
  controller: did,
  secretKeyMultibase: keys.secretKeyMultibase,
  publicKeyMultibase: keys.publicKeyMultibase,
};
const { secretKeyMultibase: _secret, '@context': _context, ...publicMethod } = didKeyPairs;
const wellKnownDid = {
  '@context': ['https://www.w3.org/ns/did/v1', MULTIKEY_V1],
  id: did,
  verificationMethod: [publicMethod],
  assertionMethod: [publicMethod.id],
  authentication: [publicMethod.id],
};
const contexts = await getDocumentLoader({ [CLEARLEDGER_V1_CONTEXT]: clearledgerV1Context });
const documentLoader = async (url: string) => {
  const [base] = url.split('#');
  if (base === did) {
    if (!url.includes('#')) return { contextUrl: null, document: wellKnownDid, documentUrl: url };
    const method = wellKnownDid.verificationMethod.find((m) => m.id === url);
    if (method === undefined) throw new Error(`no verification method ${url}`);
    return {
      contextUrl: null,
      document: { '@context': wellKnownDid['@context'], ...method },
      documentUrl: url,
    };
  }
  return contexts(url);
};

const credential = (serial: number) => {
  const { proof: _none, ...c } = { ...usmcaCertification({ issuer: did, serial }), proof: undefined };
  return c;
};

async function sign(n: number) {
  const signed = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await signCredential(credential(i), didKeyPairs, 'ecdsa-sd-2023', { documentLoader });
    if (r.error !== undefined || r.signed === undefined) throw new Error(`TrustVC signW3C: ${r.error}`);
    signed.push(r.signed);
  }
  return { signed, perSec: (n / (performance.now() - t0)) * 1000 };
}

let issuePerSec = 0;
for (let r = 0; r < ROUNDS; r++) issuePerSec = Math.max(issuePerSec, (await sign(issueCount)).perSec);

// ecdsa-sd-2023 verifies a derived credential (the holder's disclosure): derive once, revealing the
// whole certification, then verify those.
const { signed } = await sign(verifyCount);
const t0 = performance.now();
const derived = [];
for (const s of signed) {
  const r = await deriveCredential(s, ['/credentialSubject', '/name', '/type'], { documentLoader });
  if (r.error !== undefined || r.derived === undefined) throw new Error(`TrustVC deriveW3C: ${r.error}`);
  derived.push(r.derived);
}
const derivePerSec = (verifyCount / (performance.now() - t0)) * 1000;

// The verifier is not a rubber stamp: a changed field fails.
const forged = structuredClone(derived[0]);
forged.credentialSubject.certificationNumber = 'MX-FORGED';
if ((await verifyCredential(forged, { documentLoader })).verified) throw new Error('TrustVC verified a forged field');

let verifyPerSec = 0;
for (let r = 0; r < ROUNDS; r++) {
  const t = performance.now();
  for (const d of derived) {
    const v = await verifyCredential(d, { documentLoader });
    if (!v.verified) throw new Error(`TrustVC verifyW3CSignature: ${JSON.stringify(v)}`);
  }
  verifyPerSec = Math.max(verifyPerSec, (verifyCount / (performance.now() - t)) * 1000);
}
if (fetched > 0) throw new Error('TrustVC tried the network');
process.stdout.write(
  `${JSON.stringify({ issuePerSec, verifyPerSec, derivePerSec, cryptosuite: 'ecdsa-sd-2023', issueCount, verifyCount })}\n`,
);
