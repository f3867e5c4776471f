import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { ClearledgerError } from '../errors/ClearledgerError.ts';

/** The VC Data Model 2.0 base context URL. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The W3C examples context (used by the specification's test vectors). */
export const VC_EXAMPLES_V2_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2';
/** Clearledger's own vocabulary context. */
export const CLEARLEDGER_V1_CONTEXT = 'https://clearledger.dev/ns/v1';

/** The Clearledger vocabulary: every term the record types use, under one `@vocab`. */
export const clearledgerV1Context = {
  '@context': {
    '@protected': true,
    '@vocab': 'https://clearledger.dev/ns/v1#',
  },
} as const;

const embedded = new Map<string, unknown>([
  [VC_V2_CONTEXT, vcContexts.get(VC_V2_CONTEXT)],
  [VC_EXAMPLES_V2_CONTEXT, { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } }],
  [CLEARLEDGER_V1_CONTEXT, clearledgerV1Context],
]);

/** A JSON-LD document loader result (the shape jsonld.js and digitalbazaar/vc expect). */
export type LoadedDocument = { contextUrl: null; documentUrl: string; document: unknown };

/**
 * Offline document loader: returns embedded contexts and refuses every other URL with
 * `CL_CONTEXT_UNKNOWN`. Nothing is ever fetched from the network.
 */
export function loadContext(url: string): LoadedDocument {
  const document = embedded.get(url);
  if (document === undefined) {
    throw new ClearledgerError('CL_CONTEXT_UNKNOWN', `The context ${JSON.stringify(url)} is not known offline.`, {
      details: { url },
    });
  }
  return { contextUrl: null, documentUrl: url, document };
}

/** True when the context URL is embedded. */
export function isKnownContext(url: string): boolean {
  return embedded.has(url);
}
