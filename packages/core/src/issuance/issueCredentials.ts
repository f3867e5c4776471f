import { certificationDomainChecks } from '../certificate-of-origin/certificationDomainChecks.ts';
import type { FormatProblem } from '../credentials/checkCredentialFormat.ts';
import { type IssueContext, issueCredential } from '../credentials/issueCredential.ts';
import type { Signer } from '../credentials/signer.ts';
import type { SignedCredential } from '../credentials/types.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { familyDomainChecks } from '../families/familyRegistry.ts';
import { storeLedgerView } from '../ledger/storeLedgerView.ts';
import type { Store } from '../store/Store.ts';
import {
  allowedRoles,
  checkIssuancePolicy,
  defaultIssuancePolicy,
  type IssuancePolicy,
} from '../verify/issuancePolicy.ts';
import type { DomainCheck, IssuerFacts, LedgerView } from '../verify/types.ts';

/** Parameters of {@link issueCredentials}. */
export type IssueCredentialsParameters = {
  orgId: string;
  signer: Signer;
  credentials: readonly Record<string, unknown>[];
};

/** A problem with one input credential, by its position in the input. */
export type IssueProblem = FormatProblem & { index: number };

/** One signed credential: its ledger identity and its canonical JSON text. */
export type SignedRecord = {
  id: string;
  /** SHA-256 of `canonical`, lower-case hex. */
  hash: string;
  /** The most specific type. */
  type: string;
  /** The signed credential as RFC 8785 JSON text (what is stored and served). */
  canonical: string;
};

/** A signed credential; `credential` is parsed from `canonical` when first read. */
export type IssuedCredential = SignedRecord & { readonly credential: SignedCredential };

/**
 * Outcome of signing one input: the record, or the problems that stopped it. With `stage: 'rules'`,
 * the record type's rules were checked and nothing was signed: `problems` are what the rules found
 * in this input (none when it passed but another input of the call was refused).
 */
export type SignOutcome =
  | { success: true; record: SignedRecord }
  | { success: false; problems: FormatProblem[]; stage?: 'rules' };

/**
 * Sets of record-type rules known by name, so that a signing thread can apply them itself (functions
 * do not cross threads): `families`, those of the registered record families (what verification
 * runs), and `certification`, those of certifications of origin.
 */
export const domainRuleSets = {
  families: familyDomainChecks,
  certification: certificationDomainChecks,
} as const satisfies Record<string, Readonly<Record<string, DomainCheck>>>;
/** The name of a set of {@link domainRuleSets}. */
export type DomainRuleSet = keyof typeof domainRuleSets;

/**
 * Signs many credentials. The default signs them one after another on the calling thread; a host
 * may pass a parallel implementation (the node uses a worker-thread pool) with the same results.
 * With `rules`, it first checks every credential with that set and behaves as
 * {@link checkAndSignSequentially}.
 */
export type SignMany = (parameters: {
  signer: Signer;
  credentials: readonly Record<string, unknown>[];
  now: string;
  rules?: DomainRuleSet;
}) => Promise<SignOutcome[]>;

/** Result of {@link issueCredentials}. */
export type IssueCredentialsResult =
  | { success: true; issued: IssuedCredential[] }
  | { success: false; problems: IssueProblem[] };

/**
 * Validates and signs a set of credentials, then stores them in one transaction as pending (each is
 * its own anchoring outbox entry until a Merkle batch seals it). All or nothing: when any credential
 * is invalid, nothing is stored and every problem is reported with its input index and field.
 *
 * What the node's verifier would call INVALID is refused first, with the verifier's reason code:
 * a type list naming no record type, two record types or a type the policy does not know
 * (`CL_VERIFY_TYPE_UNKNOWN` / `CL_VERIFY_TYPE_AMBIGUOUS`), an organisation the ledger does not know
 * or has deactivated (`CL_VERIFY_ISSUER_UNKNOWN` / `CL_VERIFY_ISSUER_INACTIVE`), and a record type
 * none of its roles may issue (`CL_VERIFY_ROLE_NOT_ALLOWED`).
 */
export async function issueCredentials(
  deps: IssueContext & {
    store: Store;
    signMany?: SignMany;
    /**
     * Rules of record types, checked before anything is signed; default: those of the registered
     * record families, the ones verification runs.
     */
    domainChecks?: Readonly<Record<string, DomainCheck>>;
    /**
     * The ledger view the node verifies with, for the organisation's roles and active flag; default
     * (and fallback while it cannot be read, so issuance goes on when the chain is down) the store's.
     */
    ledger?: LedgerView;
    /** Who may issue what (default: the network's policy). */
    policy?: IssuancePolicy;
  },
  { orgId, signer, credentials }: IssueCredentialsParameters,
): Promise<IssueCredentialsResult> {
  const policyProblems = await checkIssuer(deps, orgId, signer, credentials);
  if (policyProblems.length > 0) return { success: false, problems: policyProblems };
  const checks = deps.domainChecks ?? familyDomainChecks;
  // Rules known by name are checked where the credentials are signed (on the host's threads).
  const rules = (Object.keys(domainRuleSets) as DomainRuleSet[]).find((name) => domainRuleSets[name] === checks);
  let outcomes: SignOutcome[];
  if (deps.signMany !== undefined && rules !== undefined) {
    outcomes = await deps.signMany({ signer, credentials, now: deps.now, rules });
    const refused = outcomes.some((outcome) => !outcome.success && outcome.stage === 'rules');
    if (refused) {
      const ruleProblems = outcomes.flatMap((outcome, index) =>
        outcome.success || outcome.stage !== 'rules' ? [] : outcome.problems.map((p) => ({ ...p, index })),
      );
      return { success: false, problems: ruleProblems };
    }
  } else {
    const domainProblems = await checkDomainRules(checks, credentials, deps.now);
    if (domainProblems.length > 0) return { success: false, problems: domainProblems };
    outcomes =
      deps.signMany === undefined
        ? signSequentially(deps, signer, credentials)
        : await deps.signMany({ signer, credentials, now: deps.now });
  }
  const problems: IssueProblem[] = [];
  const records: SignedRecord[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.success) records.push(outcome.record);
    else for (const p of outcome.problems) problems.push({ ...p, index });
  });
  if (problems.length > 0) return { success: false, problems };
  await deps.store.insertCredentials(
    orgId,
    records.map(({ id, hash, type, canonical }) => ({ id, hash, type, issuedAt: deps.now, document: canonical })),
  );
  return { success: true, issued: records.map(withCredential) };
}

/**
 * The problems the issuer check of verification would find: each credential's types under the
 * policy, then the organisation's registration (as the ledger knows it now) and its roles.
 */
async function checkIssuer(
  deps: { store: Store; ledger?: LedgerView; policy?: IssuancePolicy },
  orgId: string,
  signer: Signer,
  credentials: readonly Record<string, unknown>[],
): Promise<IssueProblem[]> {
  const policy = deps.policy ?? defaultIssuancePolicy;
  const typesOf = (credential: Record<string, unknown>): string[] | null =>
    Array.isArray(credential.type) && credential.type.every((t) => typeof t === 'string')
      ? (credential.type as string[])
      : null; // not a type list: the format check reports it
  const problems: IssueProblem[] = [];
  const typed = new Set<number>();
  for (const [index, credential] of credentials.entries()) {
    const types = typesOf(credential);
    if (types === null) continue;
    const shape = allowedRoles(policy, types);
    if (shape.ok) typed.add(index);
    else problems.push({ code: shape.code, field: '/type', message: shape.message, index });
  }
  if (credentials.length === 0) return problems;
  let facts: IssuerFacts;
  try {
    facts = await (deps.ledger ?? storeLedgerView(deps.store)).issuerFacts(orgId, signer.publicKeyMultibase);
  } catch {
    facts = await storeLedgerView(deps.store).issuerFacts(orgId, signer.publicKeyMultibase);
  }
  const org = facts.organization;
  for (const [index, credential] of credentials.entries()) {
    const types = typesOf(credential);
    if (types !== null && !typed.has(index)) continue; // its type problem is reported already
    if (org === null)
      problems.push({
        code: 'CL_VERIFY_ISSUER_UNKNOWN',
        field: '/issuer',
        message: `${orgId} is not a registered organisation on the ledger: it cannot issue records yet.`,
        index,
      });
    else if (!org.active)
      problems.push({
        code: 'CL_VERIFY_ISSUER_INACTIVE',
        field: '/issuer',
        message: `${orgId} is deactivated on the ledger: it issues no new records (its earlier records stay valid).`,
        index,
      });
    else if (types !== null) {
      const allowed = checkIssuancePolicy(policy, types, org.roles);
      if (!allowed.ok) problems.push({ code: allowed.code, field: '/type', message: allowed.message, index });
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}

/**
 * The problems the record types' rules find in unsigned credentials (each problem with its input
 * index and the field it is about); none when every credential passes or has no rules.
 */
async function checkDomainRules(
  checks: Readonly<Record<string, DomainCheck>>,
  credentials: readonly Record<string, unknown>[],
  now: string,
): Promise<IssueProblem[]> {
  const problems: IssueProblem[] = [];
  for (const [index, credential] of credentials.entries()) {
    for (const p of await ruleProblems(checks, credential, now)) problems.push({ ...p, index });
  }
  return problems;
}

/** The problems the record type's rules find in one unsigned credential (none when it passes). */
async function ruleProblems(
  checks: Readonly<Record<string, DomainCheck>>,
  credential: Record<string, unknown>,
  now: string,
): Promise<FormatProblem[]> {
  const types = Array.isArray(credential.type) ? credential.type : [];
  const check = types.map((t) => (typeof t === 'string' ? checks[t] : undefined)).find((c) => c !== undefined);
  if (check === undefined) return [];
  const result = await check(credential, now);
  if (result === null || result.status !== 'INVALID') return [];
  const listed = (result.details?.problems ?? null) as { code: ErrorCode; field: string; message: string }[] | null;
  if (Array.isArray(listed) && listed.length > 0)
    return listed.map((p) => ({ code: p.code, field: p.field, message: p.message }));
  return [{ code: result.code, field: '/credentialSubject', message: result.message }];
}

/**
 * Checks each credential with a named set of rules, then, when none is refused, signs them all with
 * {@link signSequentially}. When some are refused, nothing is signed and every outcome has
 * `stage: 'rules'` with the problems of its credential (none for those that passed).
 */
export async function checkAndSignSequentially(
  ctx: IssueContext,
  signer: Signer,
  credentials: readonly Record<string, unknown>[],
  rules: DomainRuleSet,
  /** Called once every credential has passed the rules, before signing starts. */
  onRulesPassed?: () => void,
): Promise<SignOutcome[]> {
  const checks: Readonly<Record<string, DomainCheck>> = domainRuleSets[rules];
  const found: FormatProblem[][] = [];
  for (const credential of credentials) found.push(await ruleProblems(checks, credential, ctx.now));
  if (found.some((problems) => problems.length > 0))
    return found.map((problems) => ({ success: false, problems, stage: 'rules' }));
  onRulesPassed?.();
  return signSequentially(ctx, signer, credentials);
}

/** Signs each credential in turn with {@link issueCredential}. */
export function signSequentially(
  ctx: IssueContext,
  signer: Signer,
  credentials: readonly Record<string, unknown>[],
): SignOutcome[] {
  return credentials.map((credential) => {
    const result = issueCredential(ctx, { credential, signer });
    if (!result.success) return result;
    return {
      success: true,
      record: {
        id: result.credential.id!,
        hash: result.hash,
        type: primaryType(result.credential.type),
        canonical: result.canonical,
      },
    };
  });
}

function withCredential(record: SignedRecord): IssuedCredential {
  let parsed: SignedCredential | undefined;
  return {
    ...record,
    get credential() {
      parsed ??= JSON.parse(record.canonical) as SignedCredential;
      return parsed;
    },
  };
}

/** The most specific type of a credential (the first one that is not `VerifiableCredential`). */
export function primaryType(types: readonly string[]): string {
  return types.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential';
}
