import type { Store } from '@clearledger/core';
import type { Principal } from '../auth/principal.ts';

/** An organisation as responses show it: its id (DID) and its name, null when this node does not know it. */
export type OrgParty = { id: string; name: string | null };

/**
 * Who acted: the organisation, and the person by name when the caller may know it (people of the
 * caller's own organisation); `system` for what the node did by itself (an automatic decision, a
 * missed deadline).
 */
export type ActorParty = { org: OrgParty; person: { id: string; name: string | null } | null; system: boolean };

/** Resolves ids in a response to names, once per id, for one caller. */
export type PartyNames = {
  org(id: string): Promise<OrgParty>;
  actor(orgId: string, actorId: string): Promise<ActorParty>;
};

/**
 * Names for the parties of a response, read from the store. Only ids the response already shows
 * are resolved (so an organisation's name is given only to a caller who sees it take part), and a
 * person's name only to the people of the same organisation: another organisation's staff show as
 * their organisation.
 *
 * @param store - the node's store.
 * @param principal - the caller.
 * @returns a resolver that caches what it read.
 */
export function partyNames(store: Store, principal: Principal): PartyNames {
  const orgs = new Map<string, Promise<OrgParty>>();
  const people = new Map<string, Promise<string | null>>();
  const org = (id: string): Promise<OrgParty> => {
    let found = orgs.get(id);
    if (found === undefined) {
      found = store
        .getOrganization(id)
        .then((record) => ({ id, name: record?.name ?? null }))
        .catch(() => ({ id, name: null }));
      orgs.set(id, found);
    }
    return found;
  };
  const personName = (actorId: string): Promise<string | null> => {
    if (actorId === principal.id) return Promise.resolve(principal.name);
    let found = people.get(actorId);
    if (found === undefined) {
      found = store
        .getAccount(principal.org.id, actorId)
        .then((account) => account.displayName)
        .catch(() => null);
      people.set(actorId, found);
    }
    return found;
  };
  return {
    org,
    async actor(orgId, actorId) {
      const system = actorId === 'system';
      const sameOrg = orgId === principal.org.id;
      return {
        org: await org(orgId),
        person: system || !sameOrg ? null : { id: actorId, name: await personName(actorId) },
        system,
      };
    },
  };
}
