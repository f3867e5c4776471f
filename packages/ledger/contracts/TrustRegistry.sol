// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title Clearledger trust registry
/// @notice Organisations of the network (DID, roles, active flag, admin account) and their Ed25519
///         signing keys with validity windows. The network authority grants roles; each
///         organisation's admin manages its own keys. There is no owner: the only privileged
///         actors are admins of organisations holding the NETWORK_AUTHORITY role.
///         Roles and the active flag keep their history (one checkpoint per block that changed
///         them, and the RolesChanged / ActiveChanged events), so a verifier judges a record by the
///         issuer's registration at the block that anchored it: deactivating an organisation or
///         removing a role stops new records without rewriting the past.
/// @dev Role bit i is role i of `roles` in packages/core/src/verify/issuancePolicy.ts:
///      0 NETWORK_AUTHORITY, 1 CUSTOMS, 2 PGA, 3 EXPORTER, 4 PRODUCER, 5 IMPORTER, 6 BROKER,
///      7 CARNET_ISSUER, 8 BONDED_CARRIER, 9 RIGHTS_HOLDER, 10 LICENSEE.
contract TrustRegistry {
    uint8 public constant ROLE_NETWORK_AUTHORITY = 0;
    uint8 public constant ROLE_CUSTOMS = 1;
    /// @notice Number of defined roles; bits at or above it are refused.
    uint8 public constant ROLE_COUNT = 11;
    uint256 private constant AUTHORITY_BIT = uint256(1) << ROLE_NETWORK_AUTHORITY;
    uint256 private constant CUSTOMS_BIT = uint256(1) << ROLE_CUSTOMS;

    struct Organization {
        string did;
        uint256 roles;
        bool active;
        address admin;
        bool exists;
    }

    /// @notice An organisation's roles and active flag from block `fromBlock` on (state after that block).
    struct Checkpoint {
        uint64 fromBlock;
        bool active;
        uint184 roles;
    }

    struct Key {
        bytes32 orgId;
        uint64 validFrom;
        uint64 validUntil;
        uint64 revokedAt;
        bool exists;
    }

    mapping(bytes32 orgId => Organization) private _organizations;
    mapping(bytes32 publicKey => Key) private _keys;
    mapping(address admin => bytes32 orgId) private _orgOfAdmin;
    mapping(bytes32 orgId => Checkpoint[]) private _history;

    event OrganizationRegistered(bytes32 indexed orgId, string did, address indexed admin, uint256 roles);
    event RolesChanged(bytes32 indexed orgId, uint256 previousRoles, uint256 roles);
    event ActiveChanged(bytes32 indexed orgId, bool active);
    event AdminChanged(bytes32 indexed orgId, address indexed previousAdmin, address indexed newAdmin);
    event KeyAdded(bytes32 indexed orgId, bytes32 indexed publicKey, uint64 validFrom, uint64 validUntil);
    event KeyRotated(bytes32 indexed orgId, bytes32 indexed oldKey, bytes32 indexed newKey, uint64 at);
    event KeyRevoked(bytes32 indexed orgId, bytes32 indexed publicKey, uint64 revokedAt);

    /// @notice The caller is not the admin of an active organisation holding NETWORK_AUTHORITY.
    error NotAuthority();
    /// @notice The caller is not the admin of `orgId`.
    error NotOrgAdmin(bytes32 orgId);
    error UnknownOrganization(bytes32 orgId);
    error OrganizationExists(bytes32 orgId);
    error InactiveOrganization(bytes32 orgId);
    /// @notice The DID is empty.
    error InvalidDid();
    /// @notice A role bit at or above ROLE_COUNT is set.
    error InvalidRoles(uint256 roles);
    /// @notice The admin is the zero address.
    error InvalidAdmin();
    /// @notice The account already administers an organisation (one organisation per admin account).
    error AdminInUse(address admin);
    /// @notice The network authority may not remove its own NETWORK_AUTHORITY role or deactivate itself.
    error AuthoritySelfLockout();
    /// @notice The key is registered already (keys are never reused, not even by the same organisation).
    error KeyExists(bytes32 publicKey);
    error UnknownKey(bytes32 publicKey);
    /// @notice The key belongs to another organisation.
    error KeyNotOwned(bytes32 orgId, bytes32 publicKey);
    /// @notice The key is revoked: it cannot be rotated, and its revocation time can only move earlier.
    error KeyRevokedAlready(bytes32 publicKey);
    /// @notice A validity window or a rotation / revocation time is out of order.
    error InvalidValidity();

    modifier onlyAuthority() {
        bytes32 callerOrg = _orgOfAdmin[msg.sender];
        Organization storage org = _organizations[callerOrg];
        if (!org.exists || !org.active || (org.roles & AUTHORITY_BIT) == 0) revert NotAuthority();
        _;
    }

    modifier onlyOrgAdmin(bytes32 orgId) {
        if (!_organizations[orgId].exists) revert UnknownOrganization(orgId);
        if (_organizations[orgId].admin != msg.sender) revert NotOrgAdmin(orgId);
        _;
    }

    /// @param authorityDid DID of the first network authority; the deployer becomes its admin.
    constructor(string memory authorityDid) {
        _register(authorityDid, msg.sender, AUTHORITY_BIT | CUSTOMS_BIT);
    }

    // ---------------------------------------------------------------- organisations (authority)

    /// @notice Registers an organisation, active, with `roles`. Its id is keccak256(bytes(did)).
    function registerOrganization(string calldata did, address admin, uint256 roles)
        external
        onlyAuthority
        returns (bytes32 orgId)
    {
        return _register(did, admin, roles);
    }

    /// @notice Replaces the roles bitmask of an organisation. No-op when unchanged.
    function setRoles(bytes32 orgId, uint256 roles) external onlyAuthority {
        Organization storage org = _organizations[orgId];
        if (!org.exists) revert UnknownOrganization(orgId);
        _checkRoles(roles);
        if (orgId == _orgOfAdmin[msg.sender] && (roles & AUTHORITY_BIT) == 0) {
            revert AuthoritySelfLockout();
        }
        uint256 previous = org.roles;
        if (previous == roles) return;
        org.roles = roles;
        _checkpoint(orgId, org);
        emit RolesChanged(orgId, previous, roles);
    }

    /// @notice Activates or deactivates an organisation. No-op when unchanged.
    function setActive(bytes32 orgId, bool active) external onlyAuthority {
        Organization storage org = _organizations[orgId];
        if (!org.exists) revert UnknownOrganization(orgId);
        if (!active && orgId == _orgOfAdmin[msg.sender]) revert AuthoritySelfLockout();
        if (org.active == active) return;
        org.active = active;
        _checkpoint(orgId, org);
        emit ActiveChanged(orgId, active);
    }

    // ---------------------------------------------------------------- organisation admin

    /// @notice Hands the organisation's administration to another account.
    function setAdmin(bytes32 orgId, address newAdmin) external onlyOrgAdmin(orgId) {
        if (newAdmin == address(0)) revert InvalidAdmin();
        if (newAdmin == msg.sender) return;
        if (_orgOfAdmin[newAdmin] != bytes32(0)) revert AdminInUse(newAdmin);
        delete _orgOfAdmin[msg.sender];
        _orgOfAdmin[newAdmin] = orgId;
        _organizations[orgId].admin = newAdmin;
        emit AdminChanged(orgId, msg.sender, newAdmin);
    }

    /// @notice Registers a signing key of `orgId`, valid from `validFrom` until `validUntil`
    ///         (unix seconds; 0 = open-ended).
    function addKey(bytes32 orgId, bytes32 publicKey, uint64 validFrom, uint64 validUntil)
        external
        onlyOrgAdmin(orgId)
    {
        if (!_organizations[orgId].active) revert InactiveOrganization(orgId);
        if (validUntil != 0 && validUntil <= validFrom) revert InvalidValidity();
        _addKey(orgId, publicKey, validFrom, validUntil);
        emit KeyAdded(orgId, publicKey, validFrom, validUntil);
    }

    /// @notice Ends `oldKey` at `at` and registers `newKey` valid from `at`, open-ended.
    function rotateKey(bytes32 orgId, bytes32 oldKey, bytes32 newKey, uint64 at) external onlyOrgAdmin(orgId) {
        if (!_organizations[orgId].active) revert InactiveOrganization(orgId);
        Key storage old = _ownedKey(orgId, oldKey);
        if (old.revokedAt != 0) revert KeyRevokedAlready(oldKey);
        if (at <= old.validFrom || (old.validUntil != 0 && at > old.validUntil)) revert InvalidValidity();
        old.validUntil = at;
        _addKey(orgId, newKey, at, 0);
        emit KeyRotated(orgId, oldKey, newKey, at);
    }

    /// @notice Revokes a key as of `revokedAt`, which may lie in the past (compromise) but not before
    ///         the key's validFrom. A revoked key's revocation time can only move earlier; repeating
    ///         the same revocation is a no-op. Allowed for inactive organisations too.
    function revokeKey(bytes32 orgId, bytes32 publicKey, uint64 revokedAt) external onlyOrgAdmin(orgId) {
        Key storage key = _ownedKey(orgId, publicKey);
        if (revokedAt == 0 || revokedAt < key.validFrom) revert InvalidValidity();
        if (key.revokedAt != 0) {
            if (revokedAt == key.revokedAt) return;
            if (revokedAt > key.revokedAt) revert KeyRevokedAlready(publicKey);
        }
        key.revokedAt = revokedAt;
        emit KeyRevoked(orgId, publicKey, revokedAt);
    }

    // ---------------------------------------------------------------- views

    function getOrganization(bytes32 orgId)
        external
        view
        returns (string memory did, uint256 roles, bool active, address admin, bool exists)
    {
        Organization storage org = _organizations[orgId];
        return (org.did, org.roles, org.active, org.admin, org.exists);
    }

    /// @notice The organisation's roles and active flag after block `blockNumber`; `existed` is false
    ///         when it was not registered by then.
    function organizationAt(bytes32 orgId, uint64 blockNumber)
        external
        view
        returns (uint256 roles, bool active, bool existed)
    {
        Checkpoint[] storage history = _history[orgId];
        uint256 low = 0;
        uint256 high = history.length;
        // The first checkpoint after blockNumber; the one before it holds.
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (history[mid].fromBlock > blockNumber) high = mid;
            else low = mid + 1;
        }
        if (low == 0) return (0, false, false);
        Checkpoint storage at = history[low - 1];
        return (at.roles, at.active, true);
    }

    /// @notice Number of registration checkpoints of an organisation (blocks that changed its roles or active flag).
    function historyLength(bytes32 orgId) external view returns (uint256) {
        return _history[orgId].length;
    }

    function getKey(bytes32 publicKey)
        external
        view
        returns (bytes32 orgId, uint64 validFrom, uint64 validUntil, uint64 revokedAt, bool exists)
    {
        Key storage key = _keys[publicKey];
        return (key.orgId, key.validFrom, key.validUntil, key.revokedAt, key.exists);
    }

    /// @notice The organisation administered by `admin`, or zero.
    function orgOfAdmin(address admin) external view returns (bytes32) {
        return _orgOfAdmin[admin];
    }

    /// @notice True when the organisation exists and holds `role` (whether or not it is active).
    function hasRole(bytes32 orgId, uint8 role) external view returns (bool) {
        Organization storage org = _organizations[orgId];
        return org.exists && (org.roles & (uint256(1) << role)) != 0;
    }

    /// @notice The organisation administered by `admin` (zero if none) and whether it is active.
    function activeOrgOfAdmin(address admin) external view returns (bytes32 orgId, bool active) {
        orgId = _orgOfAdmin[admin];
        active = _organizations[orgId].active;
    }

    // ---------------------------------------------------------------- internals

    function _register(string memory did, address admin, uint256 roles) private returns (bytes32 orgId) {
        if (bytes(did).length == 0) revert InvalidDid();
        if (admin == address(0)) revert InvalidAdmin();
        _checkRoles(roles);
        orgId = keccak256(bytes(did));
        if (_organizations[orgId].exists) revert OrganizationExists(orgId);
        if (_orgOfAdmin[admin] != bytes32(0)) revert AdminInUse(admin);
        _organizations[orgId] = Organization({did: did, roles: roles, active: true, admin: admin, exists: true});
        _orgOfAdmin[admin] = orgId;
        _checkpoint(orgId, _organizations[orgId]);
        emit OrganizationRegistered(orgId, did, admin, roles);
    }

    /// @dev Records the organisation's current roles and active flag from this block on (one checkpoint
    ///      per block: a second change in the same block overwrites it). Roles fit: _checkRoles keeps
    ///      them below 2**ROLE_COUNT.
    function _checkpoint(bytes32 orgId, Organization storage org) private {
        Checkpoint[] storage history = _history[orgId];
        uint64 blockNumber = uint64(block.number);
        Checkpoint memory next = Checkpoint({fromBlock: blockNumber, active: org.active, roles: uint184(org.roles)});
        uint256 length = history.length;
        if (length > 0 && history[length - 1].fromBlock == blockNumber) history[length - 1] = next;
        else history.push(next);
    }

    function _checkRoles(uint256 roles) private pure {
        if (roles >> ROLE_COUNT != 0) revert InvalidRoles(roles);
    }

    function _addKey(bytes32 orgId, bytes32 publicKey, uint64 validFrom, uint64 validUntil) private {
        if (_keys[publicKey].exists) revert KeyExists(publicKey);
        _keys[publicKey] =
            Key({orgId: orgId, validFrom: validFrom, validUntil: validUntil, revokedAt: 0, exists: true});
    }

    function _ownedKey(bytes32 orgId, bytes32 publicKey) private view returns (Key storage key) {
        key = _keys[publicKey];
        if (!key.exists) revert UnknownKey(publicKey);
        if (key.orgId != orgId) revert KeyNotOwned(orgId, publicKey);
    }
}
