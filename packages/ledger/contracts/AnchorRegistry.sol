// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice The part of TrustRegistry that AnchorRegistry reads.
interface ITrustRegistryAdmins {
    function activeOrgOfAdmin(address admin) external view returns (bytes32 orgId, bool active);
}

/// @title Clearledger anchor registry
/// @notice Merkle roots of issuance batches, anchored per organisation, and the status
///         (active / revoked / suspended) of credentials, set by their issuing organisation.
/// @dev An anchor is keyed by (organisation, root): another organisation anchoring the same root
///      (copied from a pending transaction, say) records its own anchor and neither blocks nor
///      stands in for the issuer's. (organisation, root) is the idempotency key: re-anchoring it is
///      a no-op, so a worker may retry after a crash without double-anchoring.
contract AnchorRegistry {
    uint8 public constant STATUS_ACTIVE = 0;
    uint8 public constant STATUS_REVOKED = 1;
    uint8 public constant STATUS_SUSPENDED = 2;

    struct Anchor {
        bytes32 orgId;
        uint32 count;
        uint64 blockTime;
        uint64 blockNumber;
    }

    struct Status {
        uint8 status;
        uint64 since;
        bytes32 reason;
    }

    /// @notice The trust registry whose organisation admins may anchor and set statuses.
    ITrustRegistryAdmins public immutable trustRegistry;

    mapping(bytes32 anchorKey => Anchor) private _anchors;
    mapping(bytes32 statusKey => Status) private _statuses;

    event Anchored(bytes32 indexed root, bytes32 indexed orgId, uint32 count);
    event StatusChanged(bytes32 indexed orgId, bytes32 indexed credentialHash, uint8 status, bytes32 reason);

    /// @notice The caller is not the admin of any organisation.
    error UnknownAdmin(address account);
    error InactiveOrganization(bytes32 orgId);
    /// @notice The root is zero.
    error InvalidRoot();
    /// @notice The batch count is zero.
    error InvalidCount(bytes32 root);
    /// @notice The caller's organisation anchored this root already with another count.
    error CountMismatch(bytes32 root, uint32 anchoredCount);
    /// @notice anchorBatch got no roots, or as many counts as roots.
    error InvalidBatch();
    /// @notice The status is not 0 (active), 1 (revoked) or 2 (suspended).
    error InvalidStatus(uint8 status);
    /// @notice The credential is revoked; revocation is final.
    error CredentialRevoked(bytes32 credentialHash);

    constructor(address trustRegistry_) {
        trustRegistry = ITrustRegistryAdmins(trustRegistry_);
    }

    /// @notice Anchors the Merkle root of a batch of `count` credentials for the caller's organisation.
    function anchor(bytes32 root, uint32 count) external {
        _anchor(_activeOrgOfCaller(), root, count);
    }

    /// @notice Anchors many roots in one transaction, with the same rules as {anchor} for each.
    function anchorBatch(bytes32[] calldata roots, uint32[] calldata counts) external {
        if (roots.length == 0 || roots.length != counts.length) revert InvalidBatch();
        bytes32 orgId = _activeOrgOfCaller();
        for (uint256 i = 0; i < roots.length; ++i) {
            _anchor(orgId, roots[i], counts[i]);
        }
    }

    /// @notice Sets the status of a credential issued by the caller's organisation: 0 reinstates,
    ///         1 revokes (final), 2 suspends. Setting the current status and reason again is a no-op.
    ///         Allowed for inactive organisations too, so they can still revoke.
    function setStatus(bytes32 credentialHash, uint8 status, bytes32 reason) external {
        if (status > STATUS_SUSPENDED) revert InvalidStatus(status);
        (bytes32 orgId,) = trustRegistry.activeOrgOfAdmin(msg.sender);
        if (orgId == bytes32(0)) revert UnknownAdmin(msg.sender);
        Status storage current = _statuses[_statusKey(orgId, credentialHash)];
        if (current.status == status && current.reason == reason) return;
        if (current.status == STATUS_REVOKED) revert CredentialRevoked(credentialHash);
        current.status = status;
        current.reason = reason;
        current.since = uint64(block.timestamp);
        emit StatusChanged(orgId, credentialHash, status, reason);
    }

    /// @notice The anchor of `root` by organisation `orgId`; `exists` is false when that organisation
    ///         never anchored it.
    function getAnchor(bytes32 orgId, bytes32 root)
        external
        view
        returns (uint32 count, uint64 blockTime, uint64 blockNumber, bool exists)
    {
        Anchor storage a = _anchors[_anchorKey(orgId, root)];
        return (a.count, a.blockTime, a.blockNumber, a.orgId != bytes32(0));
    }

    /// @notice The status of a credential of `orgId`; `since` is 0 when it was never set.
    function statusOf(bytes32 orgId, bytes32 credentialHash)
        external
        view
        returns (uint8 status, bytes32 reason, uint64 since)
    {
        Status storage s = _statuses[_statusKey(orgId, credentialHash)];
        return (s.status, s.reason, s.since);
    }

    function _activeOrgOfCaller() private view returns (bytes32 orgId) {
        bool active;
        (orgId, active) = trustRegistry.activeOrgOfAdmin(msg.sender);
        if (orgId == bytes32(0)) revert UnknownAdmin(msg.sender);
        if (!active) revert InactiveOrganization(orgId);
    }

    function _anchor(bytes32 orgId, bytes32 root, uint32 count) private {
        if (root == bytes32(0)) revert InvalidRoot();
        if (count == 0) revert InvalidCount(root);
        bytes32 key = _anchorKey(orgId, root);
        Anchor storage existing = _anchors[key];
        if (existing.orgId != bytes32(0)) {
            if (existing.count != count) revert CountMismatch(root, existing.count);
            return;
        }
        _anchors[key] =
            Anchor({orgId: orgId, count: count, blockTime: uint64(block.timestamp), blockNumber: uint64(block.number)});
        emit Anchored(root, orgId, count);
    }

    function _anchorKey(bytes32 orgId, bytes32 root) private pure returns (bytes32) {
        return keccak256(abi.encode(orgId, root));
    }

    function _statusKey(bytes32 orgId, bytes32 credentialHash) private pure returns (bytes32) {
        return keccak256(abi.encode(orgId, credentialHash));
    }
}
