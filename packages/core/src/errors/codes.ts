/**
 * The catalogue of stable error and reason codes. Each code is listed once here and once in
 * `docs/errors.md` (a test keeps the two equal). Edges map every code to an HTTP status and a CLI
 * exit code in exhaustive tables.
 */
export const errorCodes = {
  // Input and hostile JSON
  CL_INPUT_INVALID: 'The input does not match the expected shape.',
  CL_JSON_SYNTAX: 'The text is not valid JSON.',
  CL_JSON_TOO_LARGE: 'The JSON text is larger than the allowed size.',
  CL_JSON_TOO_DEEP: 'The JSON nests objects or arrays deeper than allowed.',
  CL_JSON_DUPLICATE_KEY: 'An object has the same key twice.',
  CL_JSON_FORBIDDEN_KEY: 'An object uses a key that is refused (__proto__, constructor, prototype).',
  CL_JSON_LONE_SURROGATE: 'A string holds a lone UTF-16 surrogate.',
  CL_JSON_UNSAFE_NUMBER: 'A number is outside the range that is exact in IEEE-754 doubles.',
  // Encoding and canonicalisation
  CL_ENCODING_INVALID: 'A base58, base45, multibase or hex value is malformed.',
  CL_JCS_UNSUPPORTED_VALUE: 'A value cannot be canonicalised with RFC 8785 (JCS).',
  // Keys and DIDs
  CL_KEY_INVALID: 'A key is malformed or of an unsupported type.',
  CL_DID_UNSUPPORTED: 'The DID or verification method is not supported.',
  CL_CONTEXT_UNKNOWN: 'A JSON-LD context URL is not among the known, embedded contexts.',
  // Credentials
  CL_CREDENTIAL_INVALID: 'The credential does not follow the VC Data Model 2.0.',
  CL_PROOF_INVALID: 'The Data Integrity proof is malformed.',
  // Merkle batches
  CL_MERKLE_EMPTY: 'A Merkle tree needs at least one leaf.',
  CL_MERKLE_PROOF_MALFORMED: 'The Merkle inclusion proof is malformed.',
  // QR codes
  CL_QR_INVALID:
    'The QR code does not hold a Clearledger record: wrong prefix, bad Base45, CBOR or DEFLATE, too large once inflated, malformed JSON or receipt, or a link that is not an http(s) URL ending in a credential hash.',
  CL_QR_UNREADABLE: 'No readable QR code was found in the image (or the file is not a PNG or JPEG image).',
  CL_QR_DICTIONARY_UNKNOWN:
    'The QR code was written with a compact-encoding dictionary version this program does not know; update the app or CLI to read it.',
  // Store
  CL_STORE_NOT_FOUND: 'The record does not exist (or is not visible to the caller).',
  CL_STORE_CONFLICT: 'A record with the same unique key already exists.',
  CL_STORE_UNAVAILABLE: 'The database could not be reached.',
  CL_STORE_MIGRATION_FAILED: 'A database migration failed; nothing was changed.',
  // Ledger (chain and contracts)
  CL_LEDGER_NOT_AUTHORIZED:
    "The ledger account may not make this change: it is not the network authority's admin, not the organisation's admin, or the organisation is inactive.",
  CL_LEDGER_UNKNOWN_ORGANIZATION: 'The organisation is not registered on the ledger.',
  CL_LEDGER_UNKNOWN_KEY: 'The signing key is not registered on the ledger.',
  CL_LEDGER_CONFLICT:
    'The ledger already holds a conflicting entry (organisation, key, admin account, root anchored by another organisation, or a final status).',
  CL_LEDGER_INVALID_ARGUMENT:
    'The ledger refused a value (empty DID, unknown role, validity window out of order, zero root or count, unknown status).',
  CL_LEDGER_REJECTED: 'The ledger refused the transaction or call for a reason Clearledger does not recognise.',
  CL_LEDGER_UNAVAILABLE: 'The ledger (JSON-RPC chain) could not be reached or did not answer in time.',
  CL_LEDGER_JOURNAL_CORRUPT:
    "The embedded chain's journal is damaged or disagrees with the EVM engine; the chain refuses to start.",
  // Rules of origin
  CL_ORIGIN_NO_RULE:
    'No product-specific rule of origin applies: the rule set has no rule for the HS subheading, or the import date is outside the period the rule set covers.',
  CL_ORIGIN_HS_EDITION: 'The HS codes are in another HS edition than the rule set; transpose them first.',
  // Node, configuration, HTTP
  CL_CONFIG_INVALID: 'A configuration value or command-line flag is invalid.',
  CL_KEYSTORE_LOCKED: 'The key store could not be unlocked with the given passphrase.',
  CL_AUTH_REQUIRED: 'The request needs valid credentials (a bearer token).',
  CL_AUTH_INVALID_CREDENTIALS: 'The username and password (or client id and secret) do not match an active account.',
  CL_AUTH_TOKEN_EXPIRED: 'The access token has expired or was revoked; sign in or request a new token.',
  CL_AUTH_FORBIDDEN: "The caller's role or token scopes do not allow this action.",
  CL_AUTH_LOCKED: 'The account is locked for a while after repeated failed sign-ins.',
  CL_AUTH_UNSUPPORTED_GRANT: 'The OAuth 2.0 grant type is not supported (use client_credentials).',
  CL_HTTP_RATE_LIMITED: 'Too many requests from this caller; wait and retry.',
  CL_HTTP_UNITS_EXHAUSTED:
    'The request costs more verification units (one per record) than this caller has left this minute; wait for Retry-After or send fewer records.',
  CL_HTTP_IDEMPOTENCY_KEY_REUSED:
    'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  CL_HTTP_NOT_FOUND: 'No such route.',
  CL_HTTP_BODY_TOO_LARGE: 'The request body is larger than the allowed size.',
  CL_HTTP_UNSUPPORTED_MEDIA_TYPE: 'The request body must be application/json.',
  CL_NODE_UNREACHABLE:
    'The Clearledger node could not be reached over HTTP (connection refused, name not found, TLS failure) or did not answer in time.',
  CL_INTERNAL: 'An unexpected internal error occurred; it has been logged.',
  // Certification of origin
  CL_ORIGIN_CERTIFICATION_INVALID:
    'The certification of origin breaks a rule of its trade agreement (USMCA, CAFTA-DR, NAFTA); each problem names the field, the rule (CO-xx) and what to fix.',
  CL_ORIGIN_CERTIFICATION_STATE:
    'The certification of origin or claim cannot make this change in its current state (a final state, a corrected copy after its deadline, an acceptance period not yet elapsed).',
  // Claims at entry (reasons of a claim's outcome)
  CL_CLAIM_CERTIFICATION_INVALID:
    'The certification the claim relies on does not verify (signature, issuer, anchor, status or its rules).',
  CL_CLAIM_CERTIFICATION_UNCERTAIN:
    'The certification could not be fully verified yet (e.g. not anchored); an officer must review the claim.',
  CL_CLAIM_NOT_COVERED:
    'The certification does not cover the importation (blanket period, agreement in force, made before the claim; CO-09).',
  CL_CLAIM_ACCEPTANCE_EXPIRED: 'The claim comes more than four years after the certification was signed (CO-08).',
  CL_CLAIM_CLASSIFICATION_MISMATCH:
    "The entry line's HTSUS number does not fall under any HS subheading the certification lists.",
  CL_CLAIM_CRITERION_NOT_ALLOWED:
    'The goods line uses an origin criterion the agreement does not allow for its chapter (D for chapters 61–63; CO-11).',
  CL_CLAIM_CERTIFICATION_REQUIRED:
    'A commercial importation above US$2,500 needs a certification to claim preference (CO-12).',
  CL_CLAIM_EXEMPTION_REVIEW:
    'The claim relies on an exemption an officer must confirm: a declared non-commercial importation, or one the series risk rule flags (CO-12).',
  CL_CLAIM_NOT_IMPORTER_OF_RECORD:
    'Only the importer of record, or a broker it authorised filing under its own filer code, may claim on the entry.',
  CL_CLAIM_ENTRY_FILER_MISMATCH:
    "The entry number's filer code is not the importer of record's own nor that of a broker it authorised.",
  CL_CLAIM_ENTRY_CHECK_DIGIT:
    "The entry number's last digit is not the check digit CBP's algorithm gives for its filer code and number: a digit was mistyped.",
  CL_CLAIM_DOCUMENT_TOO_LARGE: 'A document of an answer is larger than 10 MiB; nothing of it was kept.',
  CL_CLAIM_DOCUMENT_TYPE: 'A document of an answer must be a PDF, PNG, JPEG or TIFF file (read from its first bytes).',
  CL_PERMIT_INVALID:
    'The permit does not meet the rules of a licence or permit (dates, quantity and unit, scope, parties); each problem names its field and rule.',
  CL_PERMIT_NOT_USABLE:
    'The permit is not in a state that allows a use (PM-01): not yet registered on the ledger, exhausted, consumed, suspended or revoked.',
  CL_PERMIT_EXPIRED: "The use comes after the permit's expiry date (PM-01).",
  CL_PERMIT_QUANTITY_INVALID: "A use draws a positive quantity in the permit's unit of measure (PM-02).",
  CL_PERMIT_INSUFFICIENT_BALANCE:
    "The quantity is more than the permit's balance (PM-02, PM-04); nothing was drawn. The balance is in the error's details.",
  CL_PERMIT_ALREADY_USED: 'The permit is single-use and was used already (PM-03).',
  CL_PERMIT_USE_KEY_REUSED:
    'This entry line drew on the permit already with another quantity or port; a retry must repeat the first draw exactly (PM-05).',
  CL_PERMIT_USE_NOT_REVERSIBLE:
    'The use does not exist or was reversed already; a reversal compensates one applied use, once (PM-06).',
  CL_PERMIT_NOT_HOLDER:
    "Only the permit's holder, a designee it names, or a broker the holder authorised may use it (PM-07).",
  CL_PERMIT_OUT_OF_SCOPE:
    "The entry line's HTS number, product, country or port is outside the permit's scope (PM-08).",
  CL_PRIOR_NOTICE_TOO_LATE:
    'The prior notice was confirmed later than the minimum lead time before arrival for its mode of transport.',
  CL_PRIOR_NOTICE_TOO_EARLY:
    'The prior notice was submitted earlier than the system allows before arrival (30 days ABI/ACE, 15 days PNSI).',
  CL_CARNET_INVALID:
    'The carnet does not meet the rules of an ATA carnet (validity at most one year, General List, countries, security); each problem names its field and rule.',
  CL_CARNET_NOT_ACTIVE:
    'The carnet is not in a state that accepts vouchers (not registered, cancelled, replaced, closed).',
  CL_CARNET_EXPIRED: "The voucher's date is after the carnet's validity (CA-03).",
  CL_CARNET_ITEM_UNKNOWN:
    'The voucher names an item that is not on the General List, or more pieces than it lists (CA-02).',
  CL_CARNET_ITEM_STATE:
    'The item is not where this voucher needs it to be (for example a second importation without a re-exportation, §4.6).',
  CL_CARNET_DATE_ORDER: "The voucher's date is earlier than the item's previous voucher (CA-03).",
  CL_CARNET_REEXPORT_LATE:
    "The re-exportation comes after the deadline customs set at importation or after the carnet's validity (CA-04).",
  CL_CARNET_COUNTRY_NOT_COVERED:
    "The country is not on the carnet's list of countries of use, or does not accept carnets for its intended use (CA-05).",
  CL_CARNET_VOUCHER_DETACHED: 'Yellow vouchers of a U.S.-issued carnet are not detached (CA-06).',
  CL_CARNET_NOT_ENTITLED: 'The goods are not entitled to temporary importation under bond, or arrived by mail (CA-09).',
  CL_CARNET_CLAIM_LATE: 'A claim on a carnet must be made within one year after the carnet expired (CA-07).',
  CL_CARNET_CLAIM_EXCEEDS_CAP: 'A claim is capped at the duties and taxes due plus 10 % (CA-07).',
  CL_CARNET_PROOF_INVALID:
    'The proof of re-exportation is not dated after the importation on the claim and before the carnet expired (CA-08).',
  CL_CARNET_OFFICE_NOT_OWN: 'A customs service endorses vouchers only at its own offices, in its own country.',
  CL_INBOND_INVALID:
    'The in-bond movement does not meet the rules of 19 CFR Part 18 (number, type, ports, HTS, carrier); each problem names its field and rule.',
  CL_INBOND_NUMBER_TAKEN: 'The in-bond number is used by another movement already (IB-01).',
  CL_INBOND_EVENT_NOT_ALLOWED:
    "The event is not allowed in the movement's current state (IB-06): for example a diversion after arrival, or an export before arrival on a 61 or 62.",
  CL_INBOND_WRONG_PORT: "Goods arrive at the movement's current destination port only, with a FIRMS code (IB-05).",
  CL_INBOND_FUTURE_EVENT: 'An arrival or export cannot be reported before it happened (IB-07).',
  CL_INBOND_QUANTITY_EXCEEDED: 'Partial arrivals or exports add up to more than the manifest quantity (IB-10).',
  CL_INBOND_DIVERSION_NOT_APPROVED:
    "A diversion needs customs' approval of a pending request before the goods go elsewhere (IB-T5).",
  CL_INBOND_NOT_CARRIER: 'Only the bonded carrier liable for the movement reports its events.',
  CL_INBOND_CARRIER_NOT_BONDED:
    'Liability moves only to a bonded carrier of the network with a valid bonded carrier ID (IB-11).',
  // Verification reasons (per-check codes in a verification report)
  CL_VERIFY_OK: 'The check passed.',
  CL_VERIFY_NOT_APPLICABLE: 'The check does not apply to this record.',
  CL_VERIFY_PRECONDITION: 'Not checked, because an earlier check failed.',
  CL_VERIFY_FORMAT: 'The record is not a well-formed Verifiable Credential.',
  CL_VERIFY_CONTEXT_UNKNOWN: 'The record uses a JSON-LD context that is not known offline.',
  CL_VERIFY_PROOF_MISSING: 'The record carries no Data Integrity proof.',
  CL_VERIFY_PROOF_UNSUPPORTED: 'The proof type or cryptosuite is not eddsa-jcs-2022.',
  CL_VERIFY_PROOF_MALFORMED: 'The proof is malformed (missing field, bad encoding, wrong length).',
  CL_VERIFY_SIGNATURE: 'The signature does not match the record: it was altered or signed with another key.',
  CL_VERIFY_KEY_CONTROLLER: 'The signing key is not declared as a key of the record issuer.',
  CL_VERIFY_ISSUER_UNKNOWN: 'The issuer is not a registered organisation.',
  CL_VERIFY_ISSUER_INACTIVE: 'The issuer organisation is not active.',
  CL_VERIFY_KEY_UNKNOWN: 'The signing key is not registered for the issuer.',
  CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE: 'The signing key was not valid for the issuer when the record was issued.',
  CL_VERIFY_ROLE_NOT_ALLOWED: 'The issuer does not hold a role allowed to issue this type of record.',
  CL_VERIFY_TYPE_UNKNOWN:
    'The record names no record type of this network, or a type the network does not know (not trusted).',
  CL_VERIFY_TYPE_AMBIGUOUS: 'The record names more than one record type; a record is of exactly one.',
  CL_VERIFY_LEDGER_UNAVAILABLE: 'The ledger could not be consulted; the check could not run.',
  CL_VERIFY_ANCHOR_MISSING: 'The record has no anchor receipt.',
  CL_VERIFY_ANCHOR_PENDING: 'The record is issued but not yet anchored on the ledger.',
  CL_VERIFY_ANCHOR_PROOF: 'The Merkle inclusion proof does not lead to the anchored root.',
  CL_VERIFY_ANCHOR_NOT_ON_LEDGER: 'The batch root is not anchored on the ledger.',
  CL_VERIFY_ANCHOR_ISSUER_MISMATCH: 'The batch root was anchored by another organisation.',
  CL_VERIFY_REVOKED: 'The issuer revoked the record.',
  CL_VERIFY_SUSPENDED: 'The issuer suspended the record.',
  CL_VERIFY_STATUS_UNKNOWN:
    'The ledger view used does not know whether the issuer revoked or suspended the record; the status check could not run.',
  CL_VERIFY_NOT_YET_VALID: 'The record is not valid yet (validFrom is in the future).',
  CL_VERIFY_EXPIRED: 'The record has expired (validUntil is in the past).',
  CL_VERIFY_ACCEPTANCE_EXPIRED:
    'The certification of origin is past its acceptance period (CO-08: four years after the signature date); no claim can rely on it now.',
  CL_VERIFY_SNAPSHOT_STALE:
    'The trust snapshot verified against offline is older than the allowed age: revocations and key changes since then are unknown.',
  CL_VERIFY_DOMAIN: 'A rule of the record type is not met.',
} as const;

/** A stable Clearledger error or reason code. */
export type ErrorCode = keyof typeof errorCodes;

/** Every code, in catalogue order. */
export const allErrorCodes = Object.keys(errorCodes) as ErrorCode[];
