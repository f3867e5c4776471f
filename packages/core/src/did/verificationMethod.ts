import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { decodePublicKeyMultibase, isPublicKeyMultibase } from './multikey.ts';

/** A verification method reference split into its controller and Ed25519 key. */
export type ParsedVerificationMethod = {
  /** The DID or URL that controls the key (the part before `#`). */
  controller: string;
  /** The key as Multikey `publicKeyMultibase`. */
  publicKeyMultibase: string;
  /** The raw 32-byte public key. */
  publicKey: Uint8Array;
};

/** Parsed ids, by id: a verifier sees the same few issuer keys on thousands of records. */
const parsed = new Map<string, ParsedVerificationMethod>();
const PARSED_LIMIT = 1024;

/**
 * Parses a verification method id whose fragment is the Ed25519 Multikey itself:
 * `did:key:z6Mk…#z6Mk…`, `did:web:cbp.example#z6Mk…` or `https://issuer.example#z6Mk…`.
 * Clearledger names keys this way so a record can be checked offline; whether the key really belongs
 * to the controller is the issuer check's job (trust registry).
 */
export function parseVerificationMethod(id: string): ParsedVerificationMethod {
  const known = parsed.get(id);
  // A copy each time: the caller may keep or change what it gets.
  if (known !== undefined) return { ...known, publicKey: known.publicKey.slice() };
  const result = parseUncached(id);
  if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
  parsed.set(id, { ...result, publicKey: result.publicKey.slice() });
  return result;
}

function parseUncached(id: string): ParsedVerificationMethod {
  if (typeof id !== 'string')
    throw new ClearledgerError('CL_DID_UNSUPPORTED', 'A verification method must be a string.');
  const hash = id.indexOf('#');
  const controller = hash < 0 ? id : id.slice(0, hash);
  let fragment = hash < 0 ? '' : id.slice(hash + 1);
  if (fragment === '' && controller.startsWith('did:key:')) fragment = controller.slice('did:key:'.length);
  if (!isPublicKeyMultibase(fragment)) {
    throw new ClearledgerError(
      'CL_DID_UNSUPPORTED',
      'The verification method must end in "#z6Mk…" (an Ed25519 Multikey) so it can be checked offline.',
    );
  }
  if (controller.startsWith('did:key:') && controller !== `did:key:${fragment}`) {
    throw new ClearledgerError('CL_DID_UNSUPPORTED', 'A did:key verification method must name its own key.');
  }
  return { controller, publicKeyMultibase: fragment, publicKey: decodePublicKeyMultibase(fragment) };
}

/** The `did:key` DID of an Ed25519 Multikey public key. */
export function didKeyFromMultibase(publicKeyMultibase: string): string {
  return `did:key:${publicKeyMultibase}`;
}
