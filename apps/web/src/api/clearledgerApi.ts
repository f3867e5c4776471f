import type { AnchorReceipt, SignedCredential, VerificationReport } from '@clearledger/core';
import type { ApiClient, RequestOptions } from './client.ts';

export type Account = { id: string; username: string; displayName: string; roles: string[] };
export type Organization = { id: string; did: string; name: string; country: string; roles: string[] };

/** `POST /auth/login` → 200 */
export type LoginResult = {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds. */
  expiresIn: number;
  account: Account;
  organization: Organization;
};

/** `GET /me`: who the token belongs to and what it may do. */
export type Me = {
  kind: 'account' | 'client' | 'operator';
  id: string;
  name: string;
  roles: string[];
  scopes: string[];
  organization: Organization;
};

export type LedgerStatus = 'pending' | 'sealed' | 'anchored';

export type CredentialListItem = { id: string; hash: string; type: string; status: LedgerStatus; issuedAt: string };
export type CredentialList = { items: CredentialListItem[]; next: string | null; total: number };
export type CredentialQuery = { q?: string; type?: string; status?: LedgerStatus | ''; limit?: number; after?: string };

export type CredentialRecord = {
  id: string;
  hash: string;
  type: string;
  status: LedgerStatus;
  issuedAt: string;
  verifiableCredential: SignedCredential;
  anchor: AnchorReceipt | null;
};

export type IssueResult = { id: string; hash: string; status: LedgerStatus; verifiableCredential: SignedCredential };
export type QrText = { kind: 'embedded' | 'reference'; text: string; anchored?: boolean };
export type CredentialStatusChange = {
  credentialId: string;
  status: 'REVOKED' | 'SUSPENDED' | 'ACTIVE';
  reason: string;
};
/** `POST /credentials/status` → 200: the change as recorded on the chain. */
export type CredentialStatusResult = {
  credentialId: string;
  hash: string;
  status: string;
  txHash?: string;
  blockNumber?: number;
};

const enc = encodeURIComponent;

/** The node's HTTP API, typed. */
export function clearledgerApi(client: ApiClient) {
  return {
    login: (username: string, password: string) =>
      client.post<LoginResult>('/auth/login', { username, password }, { auth: false }),
    logout: () => client.post<unknown>('/auth/logout', {}),
    me: (options?: RequestOptions) => client.get<Me>('/me', options),
    listCredentials(query: CredentialQuery, options?: RequestOptions) {
      const params = new URLSearchParams();
      if (query.q) params.set('q', query.q);
      if (query.type) params.set('type', query.type);
      if (query.status) params.set('status', query.status);
      params.set('limit', String(query.limit ?? 25));
      if (query.after) params.set('after', query.after);
      return client.get<CredentialList>(`/credentials?${params}`, options);
    },
    getCredential: (id: string, options?: RequestOptions) =>
      client.get<CredentialRecord>(`/credentials/${enc(id)}`, options),
    getCredentialByHash: (hash: string, options?: RequestOptions) =>
      client.get<CredentialRecord>(`/credentials/by-hash/${enc(hash)}`, options),
    credentialPdf: (id: string, lang: string) =>
      client.blob(`/credentials/${enc(id)}/pdf?lang=${enc(lang)}`, 'application/pdf'),
    credentialQr: (id: string) => client.get<QrText>(`/credentials/${enc(id)}/qr`),
    setStatus: (change: CredentialStatusChange) => client.post<CredentialStatusResult>('/credentials/status', change),
    issue: (credential: Record<string, unknown>) => client.post<IssueResult>('/credentials/issue', { credential }),
    verifyOnline: (verifiableCredential: unknown, anchor?: AnchorReceipt, options?: RequestOptions) =>
      client.post<VerificationReport>(
        '/credentials/verify',
        { verifiableCredential, ...(anchor === undefined ? {} : { anchor }) },
        { auth: false, ...options },
      ),
    trustSnapshot: () => client.get<unknown>('/trust/snapshot', { auth: false }),
    didDocument: () => client.get<unknown>('/.well-known/did.json', { auth: false }),
  };
}
export type ClearledgerApi = ReturnType<typeof clearledgerApi>;
