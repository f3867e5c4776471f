// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice The part of TrustRegistry that InstrumentRegistry reads.
interface ITrustRegistryRoles {
    function activeOrgOfAdmin(address admin) external view returns (bytes32 orgId, bool active);
    function hasRole(bytes32 orgId, uint8 role) external view returns (bool);
    function getOrganization(bytes32 orgId)
        external
        view
        returns (string memory did, uint256 roles, bool active, address admin, bool exists);
}

/// @notice The part of AnchorRegistry that InstrumentRegistry reads: the issuer's status of a credential.
interface IAnchorRegistryStatus {
    function statusOf(bytes32 orgId, bytes32 credentialHash)
        external
        view
        returns (uint8 status, bytes32 reason, uint64 since);
}

/// @title Clearledger instrument registry
/// @notice The changing state of stateful instruments whose documents are signed, anchored
///         credentials: the balance and uses of PGA permits (LPCO), the place of each item of an
///         ATA carnet, the events of an in-bond movement. Each instrument is keyed by
///         (issuing organisation, credential hash), like anchors. The chain serialises
///         transactions, so two ports acting on one instrument at once can never both succeed
///         where only one may (PM-04: no draw beyond the balance, wherever it is presented).
///         Who may act and whether an entry line is in a permit's scope are checked by the nodes
///         (packages/core); what must hold across nodes is checked here.
/// @dev Quantities are in millionths of the instrument's unit. Dates of vouchers are UTC midnights
///      of calendar dates. Role bits as in TrustRegistry: 1 CUSTOMS, 2 PGA, 7 CARNET_ISSUER,
///      8 BONDED_CARRIER.
contract InstrumentRegistry {
    uint8 private constant ROLE_CUSTOMS = 1;
    uint8 private constant ROLE_PGA = 2;
    uint8 private constant ROLE_CARNET_ISSUER = 7;
    uint8 private constant ROLE_BONDED_CARRIER = 8;
    uint8 private constant STATUS_REVOKED = 1;
    uint8 private constant STATUS_SUSPENDED = 2;

    // Permit states (EXPIRED, SUSPENDED and REVOKED are derived from time and the credential status).
    uint8 public constant PERMIT_ACTIVE = 1;
    uint8 public constant PERMIT_PARTIALLY_USED = 2;
    uint8 public constant PERMIT_EXHAUSTED = 3;
    uint8 public constant PERMIT_CONSUMED = 4;

    // Carnet vouchers and item places (§4.6).
    uint8 public constant VOUCHER_EXPORT = 0;
    uint8 public constant VOUCHER_IMPORT = 1;
    uint8 public constant VOUCHER_REEXPORT = 2;
    uint8 public constant VOUCHER_REIMPORT = 3;
    uint8 public constant VOUCHER_TRANSIT = 4;
    uint8 public constant ITEM_AT_HOME = 0;
    uint8 public constant ITEM_ABROAD = 1;
    uint8 public constant ITEM_IN_COUNTRY = 2;
    uint8 public constant ITEM_CLAIMED = 3;

    // In-bond movement states (§5.2).
    uint8 public constant MOVE_ON_FILE = 1;
    uint8 public constant MOVE_AUTHORIZED = 2;
    uint8 public constant MOVE_EN_ROUTE = 3;
    uint8 public constant MOVE_DIVERSION_PENDING = 4;
    uint8 public constant MOVE_ARRIVED_PARTIAL = 5;
    uint8 public constant MOVE_ARRIVED = 6;
    uint8 public constant MOVE_EXPORTED_PARTIAL = 7;
    uint8 public constant MOVE_EXPORTED = 8;
    uint8 public constant MOVE_CONCLUDED = 9;
    uint8 public constant MOVE_DELETED = 10;
    uint8 public constant MOVE_GENERAL_ORDER = 11;

    // In-bond actions (WP10 codes where CATAIR has one).
    uint8 public constant ACT_AUTHORIZE = 1;
    uint8 public constant ACT_DEPART = 2;
    uint8 public constant ACT_ARRIVE = 3;
    uint8 public constant ACT_EXPORT = 4;
    uint8 public constant ACT_TRANSFER = 5;
    uint8 public constant ACT_DIVERSION_REQUEST = 6;
    uint8 public constant ACT_DIVERSION_APPROVED = 7;
    uint8 public constant ACT_DIVERSION_DENIED = 8;
    uint8 public constant ACT_CONCLUDE = 9;
    uint8 public constant ACT_DELETE = 10;
    uint8 public constant ACT_GENERAL_ORDER = 11;

    struct Permit {
        bytes32 issuer;
        uint128 quantity;
        uint128 balance;
        uint64 expiresAt;
        uint32 useCount;
        uint8 state;
        bool singleUse;
    }

    struct Use {
        bytes32 permitKey;
        bytes32 drawer;
        uint128 quantity;
        bytes4 port;
        uint64 at;
        bool reversed;
    }

    struct Carnet {
        bytes32 issuer;
        uint64 validUntil;
        uint64 claimUntil;
        uint16 itemCount;
        bytes2 home;
        uint32 voucherCount;
    }

    struct Item {
        uint8 state;
        bytes2 country;
        uint64 lastDate;
        uint64 deadline;
    }

    struct Movement {
        bytes32 issuer;
        bytes32 carrier;
        uint8 entryType;
        uint8 state;
        bytes4 destination;
        bytes4 requestedPort;
        uint128 manifest;
        uint128 arrived;
        uint128 exported;
        uint32 eventCount;
    }

    ITrustRegistryRoles public immutable trustRegistry;
    IAnchorRegistryStatus public immutable anchorRegistry;

    mapping(bytes32 permitKey => Permit) private _permits;
    mapping(bytes32 useKey => Use) private _uses;
    mapping(bytes32 carnetKey => Carnet) private _carnets;
    mapping(bytes32 carnetKey => mapping(uint16 item => Item)) private _items;
    mapping(bytes32 movementKey => Movement) private _movements;
    mapping(bytes32 numberHash => bytes32 movementKey) private _movementOfNumber;

    event PermitRegistered(bytes32 indexed permitKey, bytes32 indexed issuer, uint128 quantity, bool singleUse, uint64 expiresAt);
    event PermitDrawn(
        bytes32 indexed permitKey, bytes32 indexed useKey, bytes32 indexed drawer, uint128 quantity, uint128 balance, bytes4 port
    );
    /// @notice The outcome of call `index` of {batch}: its revert data when it failed (its events precede this one).
    event BatchItem(uint256 index, bool ok, bytes revertData);
    /// @notice A draw of {drawMany} that was not applied: its outcome code (DRAW_*) and the balance.
    event DrawNotApplied(
        bytes32 indexed permitKey, bytes32 indexed useKey, bytes32 indexed drawer, uint8 code, uint128 balance
    );
    event PermitUseReversed(bytes32 indexed permitKey, bytes32 indexed useKey, uint128 quantity, uint128 balance);
    event CarnetRegistered(bytes32 indexed carnetKey, bytes32 indexed issuer, uint16 itemCount, uint64 validUntil, bytes2 home);
    event CarnetEndorsed(
        bytes32 indexed carnetKey,
        bytes32 indexed customs,
        uint8 kind,
        uint16[] items,
        bytes2 country,
        bytes32 office,
        uint64 date,
        uint64 deadline
    );
    event CarnetItemClaimed(bytes32 indexed carnetKey, bytes32 indexed customs, uint16 item, bytes2 country, uint64 date);
    event MovementRegistered(bytes32 indexed movementKey, bytes32 indexed issuer, bytes32 numberHash, uint8 entryType, bytes4 destination, uint128 manifest);
    event MovementEvent(
        bytes32 indexed movementKey, bytes32 indexed actor, uint8 action, uint8 state, uint128 quantity, bytes4 port, bytes32 ref
    );

    /// @notice The caller is not the admin of any organisation.
    error UnknownAdmin(address account);
    error InactiveOrganization(bytes32 orgId);
    /// @notice The caller's organisation lacks the role this action needs.
    error RoleRequired(bytes32 orgId, uint8 role);
    /// @notice No instrument is registered under this key.
    error UnknownInstrument(bytes32 key);
    /// @notice The instrument is registered already with other facts.
    error InstrumentExists(bytes32 key);
    /// @notice A quantity, count or date given at registration is out of range.
    error InvalidInstrument();
    /// @notice PM-01: the permit's state or credential status does not allow a use (state 5 suspended, 6 revoked).
    error PermitNotUsable(bytes32 permitKey, uint8 state);
    /// @notice PM-01: the block's time is after the permit's expiry.
    error PermitExpired(bytes32 permitKey, uint64 expiresAt);
    /// @notice PM-02: the quantity is zero.
    error InvalidQuantity();
    /// @notice PM-02 / PM-04: the quantity is more than the balance (0 once exhausted).
    error InsufficientBalance(bytes32 permitKey, uint128 balance);
    /// @notice PM-03: a single-use permit was used already.
    error AlreadyUsed(bytes32 permitKey);
    /// @notice PM-05: the entry line drew already with another quantity, port or drawer.
    error UseKeyReused(bytes32 useKey);
    /// @notice PM-06: only the issuing agency reverses a use of its permit, once.
    error UseNotReversible(bytes32 useKey);
    /// @notice The carnet's credential is suspended or revoked (cancelled, replaced).
    error CarnetNotActive(bytes32 carnetKey);
    /// @notice CA-02: the item is not on the General List.
    error ItemUnknown(bytes32 carnetKey, uint16 item);
    /// @notice §4.6: the item is not where this voucher needs it.
    error ItemState(bytes32 carnetKey, uint16 item, uint8 state);
    /// @notice CA-03: the voucher is after the carnet's validity.
    error CarnetExpired(bytes32 carnetKey, uint64 validUntil);
    /// @notice CA-03: the voucher is dated before the item's previous voucher, or in the future.
    error DateOrder(bytes32 carnetKey, uint16 item, uint64 lastDate);
    /// @notice CA-04: the re-exportation is after the item's deadline.
    error ReexportLate(bytes32 carnetKey, uint16 item, uint64 deadline);
    /// @notice CA-07: a claim comes more than one year after the carnet expired.
    error ClaimLate(bytes32 carnetKey, uint64 claimUntil);
    /// @notice The voucher's kind is not 0–4.
    error InvalidVoucher(uint8 kind);
    /// @notice IB-01: the in-bond number is used by another movement.
    error NumberTaken(bytes32 numberHash);
    /// @notice IB-06: the action is not allowed in the movement's state.
    error EventNotAllowed(bytes32 movementKey, uint8 state, uint8 action);
    /// @notice Only the liable bonded carrier reports this movement's events.
    error NotCarrier(bytes32 movementKey, bytes32 orgId);
    /// @notice IB-05: arrival only at the current destination, with a FIRMS code.
    error WrongPort(bytes32 movementKey, bytes4 destination);
    /// @notice IB-10: partial quantities add up to more than the manifest.
    error QuantityExceeded(bytes32 movementKey, uint128 remaining);
    /// @notice IB-11: liability moves only to an active bonded carrier.
    error CarrierNotBonded(bytes32 orgId);

    constructor(address trustRegistry_, address anchorRegistry_) {
        trustRegistry = ITrustRegistryRoles(trustRegistry_);
        anchorRegistry = IAnchorRegistryStatus(anchorRegistry_);
    }

    // ------------------------------------------------------------------ permits

    /// @notice Registers a permit the caller's organisation (a PGA) issued: its quantity, single use
    ///         and expiry (UTC seconds, the end of the expiry day). Registering the same facts again is a no-op.
    function registerPermit(bytes32 permitHash, uint128 quantity, bool singleUse, uint64 expiresAt) external {
        bytes32 issuer = _orgWithRole(ROLE_PGA);
        if (quantity == 0 || expiresAt == 0) revert InvalidInstrument();
        bytes32 key = _key(issuer, permitHash);
        Permit storage p = _permits[key];
        if (p.state != 0) {
            if (p.quantity == quantity && p.singleUse == singleUse && p.expiresAt == expiresAt) return;
            revert InstrumentExists(key);
        }
        _permits[key] = Permit({
            issuer: issuer,
            quantity: quantity,
            balance: quantity,
            expiresAt: expiresAt,
            useCount: 0,
            state: PERMIT_ACTIVE,
            singleUse: singleUse
        });
        emit PermitRegistered(key, issuer, quantity, singleUse, expiresAt);
    }

    /// @notice One draw of {drawMany}.
    struct DrawRequest {
        bytes32 issuer;
        bytes32 permitHash;
        bytes32 entryHash;
        uint32 line;
        uint128 quantity;
        bytes4 port;
    }

    // Outcomes of a draw (the codes of DrawNotApplied; 0 is applied).
    uint8 public constant DRAW_APPLIED = 0;
    uint8 public constant DRAW_REPLAYED = 1;
    uint8 public constant DRAW_SUSPENDED = 2;
    uint8 public constant DRAW_REVOKED = 3;
    uint8 public constant DRAW_EXPIRED = 4;
    uint8 public constant DRAW_ALREADY_USED = 5;
    uint8 public constant DRAW_INVALID_QUANTITY = 6;
    uint8 public constant DRAW_INSUFFICIENT_BALANCE = 7;
    uint8 public constant DRAW_USE_KEY_REUSED = 8;
    uint8 public constant DRAW_UNKNOWN_PERMIT = 9;

    /// @notice Draws `quantity` from a permit for an entry line (PM-01–PM-05). The use key is
    ///         keccak(permitKey, entryHash, line): repeating the same draw returns its first result
    ///         (`replay` true) and changes nothing; the same key with another quantity, port or drawer reverts.
    function draw(bytes32 issuer, bytes32 permitHash, bytes32 entryHash, uint32 line, uint128 quantity, bytes4 port)
        external
        returns (uint128 balance, bool replay)
    {
        bytes32 drawer = _activeOrgOfCaller();
        bytes32 key = _key(issuer, permitHash);
        uint8 code;
        (code, balance) = _draw(drawer, key, DrawRequest(issuer, permitHash, entryHash, line, quantity, port));
        if (code > DRAW_REPLAYED) _revertDraw(code, key, balance, entryHash, line);
        return (balance, code == DRAW_REPLAYED);
    }

    /// @notice Many draws in one transaction, each judged as {draw} judges one, in order: an applied
    ///         draw emits PermitDrawn, any other outcome DrawNotApplied with its code and the balance;
    ///         one draw's refusal does not undo the others. How a node sends the draws that arrive
    ///         while its previous transaction is on its way.
    function drawMany(DrawRequest[] calldata requests) external {
        bytes32 drawer = _activeOrgOfCaller();
        for (uint256 i = 0; i < requests.length; ++i) {
            DrawRequest calldata r = requests[i];
            bytes32 key = _key(r.issuer, r.permitHash);
            (uint8 code, uint128 balance) = _draw(drawer, key, r);
            if (code != DRAW_APPLIED) {
                emit DrawNotApplied(key, keccak256(abi.encode(key, r.entryHash, r.line)), drawer, code, balance);
            }
        }
    }

    function _draw(bytes32 drawer, bytes32 key, DrawRequest memory r) private returns (uint8 code, uint128 balance) {
        Permit storage p = _permits[key];
        if (p.state == 0) return (DRAW_UNKNOWN_PERMIT, 0);
        bytes32 useKey = keccak256(abi.encode(key, r.entryHash, r.line));
        Use storage u = _uses[useKey];
        if (u.at != 0) {
            if (u.quantity == r.quantity && u.port == r.port && u.drawer == drawer && !u.reversed) {
                return (DRAW_REPLAYED, p.balance);
            }
            return (DRAW_USE_KEY_REUSED, p.balance);
        }
        (uint8 status,,) = anchorRegistry.statusOf(p.issuer, r.permitHash);
        if (status == STATUS_SUSPENDED) return (DRAW_SUSPENDED, p.balance);
        if (status == STATUS_REVOKED) return (DRAW_REVOKED, p.balance);
        if (block.timestamp > p.expiresAt) return (DRAW_EXPIRED, p.balance);
        if (p.state == PERMIT_CONSUMED) return (DRAW_ALREADY_USED, 0);
        if (r.quantity == 0) return (DRAW_INVALID_QUANTITY, p.balance);
        if (p.singleUse) {
            if (r.quantity > p.quantity) return (DRAW_INSUFFICIENT_BALANCE, p.balance);
            p.balance = 0;
            p.state = PERMIT_CONSUMED;
        } else {
            if (r.quantity > p.balance) return (DRAW_INSUFFICIENT_BALANCE, p.balance);
            p.balance -= r.quantity;
            p.state = p.balance == 0 ? PERMIT_EXHAUSTED : PERMIT_PARTIALLY_USED;
        }
        p.useCount += 1;
        _uses[useKey] = Use({
            permitKey: key, drawer: drawer, quantity: r.quantity, port: r.port, at: uint64(block.timestamp), reversed: false
        });
        emit PermitDrawn(key, useKey, drawer, r.quantity, p.balance, r.port);
        return (DRAW_APPLIED, p.balance);
    }

    function _revertDraw(uint8 code, bytes32 key, uint128 balance, bytes32 entryHash, uint32 line) private view {
        if (code == DRAW_UNKNOWN_PERMIT) revert UnknownInstrument(key);
        if (code == DRAW_USE_KEY_REUSED) revert UseKeyReused(keccak256(abi.encode(key, entryHash, line)));
        if (code == DRAW_SUSPENDED) revert PermitNotUsable(key, 5);
        if (code == DRAW_REVOKED) revert PermitNotUsable(key, 6);
        if (code == DRAW_EXPIRED) revert PermitExpired(key, _permits[key].expiresAt);
        if (code == DRAW_ALREADY_USED) revert AlreadyUsed(key);
        if (code == DRAW_INVALID_QUANTITY) revert InvalidQuantity();
        revert InsufficientBalance(key, balance);
    }

    /// @notice PM-06: the issuing agency reverses one use of its permit (entry cancelled, goods
    ///         refused) with a compensating entry; the use stays in history, marked reversed.
    function reverseUse(bytes32 permitHash, bytes32 useKey) external {
        bytes32 issuer = _activeOrgOfCaller();
        bytes32 key = _key(issuer, permitHash);
        Permit storage p = _permits[key];
        Use storage u = _uses[useKey];
        if (p.state == 0 || u.at == 0 || u.permitKey != key || u.reversed) revert UseNotReversible(useKey);
        u.reversed = true;
        if (p.singleUse) {
            p.balance = p.quantity;
        } else {
            p.balance += u.quantity;
        }
        p.state = p.balance == p.quantity ? PERMIT_ACTIVE : PERMIT_PARTIALLY_USED;
        emit PermitUseReversed(key, useKey, u.quantity, p.balance);
    }

    /// @notice A permit's facts; `state` 0 means not registered.
    function permitOf(bytes32 issuer, bytes32 permitHash)
        external
        view
        returns (uint128 quantity, uint128 balance, uint64 expiresAt, uint32 useCount, uint8 state, bool singleUse)
    {
        Permit storage p = _permits[_key(issuer, permitHash)];
        return (p.quantity, p.balance, p.expiresAt, p.useCount, p.state, p.singleUse);
    }

    /// @notice A use by its key; `at` 0 means no such use.
    function useOf(bytes32 useKey)
        external
        view
        returns (bytes32 permitKey, bytes32 drawer, uint128 quantity, bytes4 port, uint64 at, bool reversed)
    {
        Use storage u = _uses[useKey];
        return (u.permitKey, u.drawer, u.quantity, u.port, u.at, u.reversed);
    }

    // ------------------------------------------------------------------ carnets

    /// @notice Registers a carnet the caller's organisation (an issuing association) issued:
    ///         General List size, validity (UTC midnight of the last valid day), the last day a
    ///         claim may be made (one year after expiry, CA-07) and the home country.
    function registerCarnet(bytes32 carnetHash, uint16 itemCount, uint64 validUntil, uint64 claimUntil, bytes2 home)
        external
    {
        bytes32 issuer = _orgWithRole(ROLE_CARNET_ISSUER);
        if (itemCount == 0 || validUntil == 0 || claimUntil < validUntil + 365 days || claimUntil > validUntil + 366 days)
        {
            revert InvalidInstrument();
        }
        bytes32 key = _key(issuer, carnetHash);
        Carnet storage c = _carnets[key];
        if (c.itemCount != 0) {
            if (c.itemCount == itemCount && c.validUntil == validUntil && c.claimUntil == claimUntil && c.home == home) {
                return;
            }
            revert InstrumentExists(key);
        }
        _carnets[key] = Carnet({
            issuer: issuer, validUntil: validUntil, claimUntil: claimUntil, itemCount: itemCount, home: home, voucherCount: 0
        });
        emit CarnetRegistered(key, issuer, itemCount, validUntil, home);
    }

    /// @notice A customs organisation endorses a voucher for items of a carnet at an office on a
    ///         date (§4.6, CA-02–CA-04). `deadline` is the re-export date customs sets on an import
    ///         (0: the carnet's validity). All items move or none does.
    function endorse(
        bytes32 issuer,
        bytes32 carnetHash,
        uint8 kind,
        uint16[] calldata items,
        bytes2 country,
        bytes32 office,
        uint64 date,
        uint64 deadline
    ) external {
        bytes32 customs = _orgWithRole(ROLE_CUSTOMS);
        if (kind > VOUCHER_TRANSIT) revert InvalidVoucher(kind);
        bytes32 key = _key(issuer, carnetHash);
        Carnet storage c = _carnets[key];
        if (c.itemCount == 0) revert UnknownInstrument(key);
        (uint8 status,,) = anchorRegistry.statusOf(issuer, carnetHash);
        if (status != 0) revert CarnetNotActive(key);
        if (date > c.validUntil) revert CarnetExpired(key, c.validUntil);
        if (items.length == 0) revert ItemUnknown(key, 0);
        for (uint256 i = 0; i < items.length; ++i) {
            _moveItem(key, c, items[i], kind, country, date, deadline);
        }
        c.voucherCount += 1;
        emit CarnetEndorsed(key, customs, kind, items, country, office, date, deadline);
    }

    /// @notice CA-07: customs of the country where an item stays past its deadline records a claim,
    ///         no later than one year after the carnet expired.
    function claimItem(bytes32 issuer, bytes32 carnetHash, uint16 item, bytes2 country, uint64 date) external {
        bytes32 customs = _orgWithRole(ROLE_CUSTOMS);
        bytes32 key = _key(issuer, carnetHash);
        Carnet storage c = _carnets[key];
        if (c.itemCount == 0) revert UnknownInstrument(key);
        if (item == 0 || item > c.itemCount) revert ItemUnknown(key, item);
        Item storage it = _items[key][item];
        if (date > block.timestamp + 1 days) revert DateOrder(key, item, it.lastDate);
        if (date > c.claimUntil) revert ClaimLate(key, c.claimUntil);
        if (it.state != ITEM_IN_COUNTRY || it.country != country || date <= it.deadline) {
            revert ItemState(key, item, it.state);
        }
        it.state = ITEM_CLAIMED;
        emit CarnetItemClaimed(key, customs, item, country, date);
    }

    /// @notice A carnet's facts; `itemCount` 0 means not registered.
    function carnetOf(bytes32 issuer, bytes32 carnetHash)
        external
        view
        returns (uint16 itemCount, uint64 validUntil, uint64 claimUntil, bytes2 home, uint32 voucherCount)
    {
        Carnet storage c = _carnets[_key(issuer, carnetHash)];
        return (c.itemCount, c.validUntil, c.claimUntil, c.home, c.voucherCount);
    }

    /// @notice Where an item of a carnet is.
    function itemOf(bytes32 issuer, bytes32 carnetHash, uint16 item)
        external
        view
        returns (uint8 state, bytes2 country, uint64 lastDate, uint64 deadline)
    {
        Item storage it = _items[_key(issuer, carnetHash)][item];
        return (it.state, it.country, it.lastDate, it.deadline);
    }

    function _moveItem(
        bytes32 key,
        Carnet storage c,
        uint16 item,
        uint8 kind,
        bytes2 country,
        uint64 date,
        uint64 deadline
    ) private {
        if (item == 0 || item > c.itemCount) revert ItemUnknown(key, item);
        Item storage it = _items[key][item];
        if (date < it.lastDate || date > block.timestamp + 1 days) revert DateOrder(key, item, it.lastDate);
        uint8 state = it.state;
        if (kind == VOUCHER_EXPORT) {
            if (state != ITEM_AT_HOME || country != c.home) revert ItemState(key, item, state);
            it.state = ITEM_ABROAD;
            it.country = bytes2(0);
        } else if (kind == VOUCHER_IMPORT) {
            if (state != ITEM_ABROAD || country == c.home) revert ItemState(key, item, state);
            it.state = ITEM_IN_COUNTRY;
            it.country = country;
            it.deadline = deadline == 0 || deadline > c.validUntil ? c.validUntil : deadline;
        } else if (kind == VOUCHER_REEXPORT) {
            if (state != ITEM_IN_COUNTRY || it.country != country) revert ItemState(key, item, state);
            if (date > it.deadline) revert ReexportLate(key, item, it.deadline);
            it.state = ITEM_ABROAD;
            it.country = bytes2(0);
            it.deadline = 0;
        } else if (kind == VOUCHER_REIMPORT) {
            if (state != ITEM_ABROAD || country != c.home) revert ItemState(key, item, state);
            it.state = ITEM_AT_HOME;
            it.country = bytes2(0);
        } else {
            if (state != ITEM_ABROAD) revert ItemState(key, item, state);
        }
        it.lastDate = date;
    }

    // ------------------------------------------------------------------ in-bond

    /// @notice Registers an in-bond movement the caller's organisation (a bonded carrier) filed.
    ///         The in-bond number (by its hash) is unique on the network (IB-01).
    function registerMovement(
        bytes32 movementHash,
        bytes32 numberHash,
        uint8 entryType,
        bytes4 destination,
        uint128 manifest
    ) external {
        bytes32 issuer = _orgWithRole(ROLE_BONDED_CARRIER);
        if ((entryType != 61 && entryType != 62 && entryType != 63) || manifest == 0 || destination == bytes4(0)) {
            revert InvalidInstrument();
        }
        bytes32 key = _key(issuer, movementHash);
        bytes32 holder = _movementOfNumber[numberHash];
        if (holder != bytes32(0)) {
            if (holder == key) return;
            revert NumberTaken(numberHash);
        }
        _movementOfNumber[numberHash] = key;
        _movements[key] = Movement({
            issuer: issuer,
            carrier: issuer,
            entryType: entryType,
            state: MOVE_ON_FILE,
            destination: destination,
            requestedPort: bytes4(0),
            manifest: manifest,
            arrived: 0,
            exported: 0,
            eventCount: 0
        });
        emit MovementRegistered(key, issuer, numberHash, entryType, destination, manifest);
    }

    /// @notice Customs authorises the movement (ON_FILE → AUTHORIZED).
    function authorizeMovement(bytes32 issuer, bytes32 movementHash) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCustoms(issuer, movementHash);
        _require(key, m, m.state == MOVE_ON_FILE, ACT_AUTHORIZE);
        _record(key, m, actor, ACT_AUTHORIZE, MOVE_AUTHORIZED, 0, bytes4(0), bytes32(0));
    }

    /// @notice The liable carrier reports departure (AUTHORIZED → EN_ROUTE).
    function depart(bytes32 issuer, bytes32 movementHash) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCarrier(issuer, movementHash);
        _require(key, m, m.state == MOVE_AUTHORIZED, ACT_DEPART);
        _record(key, m, actor, ACT_DEPART, MOVE_EN_ROUTE, 0, bytes4(0), bytes32(0));
    }

    /// @notice The liable carrier reports an arrival, entire or partial (by bill or container), at
    ///         the current destination with its FIRMS code (IB-05, IB-06, IB-10). Types 61 and 62 only.
    function arrive(bytes32 issuer, bytes32 movementHash, uint128 quantity, bytes4 port, bytes32 firms) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCarrier(issuer, movementHash);
        // A T&E movement may export what arrived while the rest is still on its way.
        bool exporting = m.entryType == 62 && m.state == MOVE_EXPORTED_PARTIAL;
        _require(
            key,
            m,
            m.entryType != 63 && (m.state == MOVE_EN_ROUTE || m.state == MOVE_ARRIVED_PARTIAL || exporting),
            ACT_ARRIVE
        );
        if (port != m.destination || firms == bytes32(0)) revert WrongPort(key, m.destination);
        if (quantity == 0 || quantity > m.manifest - m.arrived) revert QuantityExceeded(key, m.manifest - m.arrived);
        m.arrived += quantity;
        uint8 next = exporting ? MOVE_EXPORTED_PARTIAL : m.arrived == m.manifest ? MOVE_ARRIVED : MOVE_ARRIVED_PARTIAL;
        _record(key, m, actor, ACT_ARRIVE, next, quantity, port, firms);
    }

    /// @notice The liable carrier reports an exportation, entire or partial: type 63 from
    ///         authorisation on, type 62 after goods arrived at the port of exportation (IB-06, IB-10).
    function exportGoods(bytes32 issuer, bytes32 movementHash, uint128 quantity, bytes32 ref) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCarrier(issuer, movementHash);
        uint8 s = m.state;
        bool allowed = m.entryType == 63
            ? (s == MOVE_AUTHORIZED || s == MOVE_EN_ROUTE || s == MOVE_EXPORTED_PARTIAL)
            : m.entryType == 62 && (s == MOVE_ARRIVED || s == MOVE_ARRIVED_PARTIAL || s == MOVE_EXPORTED_PARTIAL);
        _require(key, m, allowed, ACT_EXPORT);
        uint128 limit = m.entryType == 63 ? m.manifest : m.arrived;
        if (quantity == 0 || quantity > limit - m.exported) revert QuantityExceeded(key, limit - m.exported);
        m.exported += quantity;
        _record(
            key,
            m,
            actor,
            ACT_EXPORT,
            m.exported == m.manifest ? MOVE_EXPORTED : MOVE_EXPORTED_PARTIAL,
            quantity,
            bytes4(0),
            ref
        );
    }

    /// @notice The liable carrier transfers liability to another active bonded carrier while en route (IB-11).
    function transferLiability(bytes32 issuer, bytes32 movementHash, bytes32 toCarrier) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCarrier(issuer, movementHash);
        _require(key, m, m.state == MOVE_EN_ROUTE, ACT_TRANSFER);
        (,, bool active,, bool exists) = trustRegistry.getOrganization(toCarrier);
        if (toCarrier == actor || !exists || !active || !trustRegistry.hasRole(toCarrier, ROLE_BONDED_CARRIER)) {
            revert CarrierNotBonded(toCarrier);
        }
        m.carrier = toCarrier;
        _record(key, m, actor, ACT_TRANSFER, m.state, 0, bytes4(0), toCarrier);
    }

    /// @notice The liable carrier asks to divert to another port; only en route (IB-T5, IB-06).
    function requestDiversion(bytes32 issuer, bytes32 movementHash, bytes4 newPort) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCarrier(issuer, movementHash);
        _require(key, m, m.state == MOVE_EN_ROUTE && newPort != bytes4(0) && newPort != m.destination, ACT_DIVERSION_REQUEST);
        m.requestedPort = newPort;
        _record(key, m, actor, ACT_DIVERSION_REQUEST, MOVE_DIVERSION_PENDING, 0, newPort, bytes32(0));
    }

    /// @notice Customs approves (the destination becomes the requested port) or denies a diversion.
    function decideDiversion(bytes32 issuer, bytes32 movementHash, bool approved) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCustoms(issuer, movementHash);
        uint8 action = approved ? ACT_DIVERSION_APPROVED : ACT_DIVERSION_DENIED;
        _require(key, m, m.state == MOVE_DIVERSION_PENDING, action);
        bytes4 port = m.requestedPort;
        if (approved) m.destination = port;
        m.requestedPort = bytes4(0);
        _record(key, m, actor, action, MOVE_EN_ROUTE, 0, port, bytes32(0));
    }

    /// @notice Concludes the movement, once: 61 after arrival, 62 and 63 after exportation. By
    ///         customs or the liable carrier.
    function conclude(bytes32 issuer, bytes32 movementHash) external {
        bytes32 key = _key(issuer, movementHash);
        Movement storage m = _movements[key];
        if (m.state == 0) revert UnknownInstrument(key);
        bytes32 actor = _activeOrgOfCaller();
        if (actor != m.carrier && !trustRegistry.hasRole(actor, ROLE_CUSTOMS)) revert NotCarrier(key, actor);
        bool allowed = m.entryType == 61 ? m.state == MOVE_ARRIVED : m.state == MOVE_EXPORTED;
        _require(key, m, allowed, ACT_CONCLUDE);
        _record(key, m, actor, ACT_CONCLUDE, MOVE_CONCLUDED, 0, bytes4(0), bytes32(0));
    }

    /// @notice The liable carrier deletes a movement that has not left (ON_FILE or AUTHORIZED).
    function deleteMovement(bytes32 issuer, bytes32 movementHash) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCarrier(issuer, movementHash);
        _require(key, m, m.state == MOVE_ON_FILE || m.state == MOVE_AUTHORIZED, ACT_DELETE);
        _record(key, m, actor, ACT_DELETE, MOVE_DELETED, 0, bytes4(0), bytes32(0));
    }

    /// @notice Customs sends arrived T&E goods not exported in time to general order (IB-T3).
    function generalOrder(bytes32 issuer, bytes32 movementHash) external {
        (bytes32 key, Movement storage m, bytes32 actor) = _movementForCustoms(issuer, movementHash);
        uint8 st = m.state;
        _require(
            key,
            m,
            m.entryType == 62 && (st == MOVE_ARRIVED || st == MOVE_ARRIVED_PARTIAL || st == MOVE_EXPORTED_PARTIAL),
            ACT_GENERAL_ORDER
        );
        _record(key, m, actor, ACT_GENERAL_ORDER, MOVE_GENERAL_ORDER, 0, bytes4(0), bytes32(0));
    }

    /// @notice A movement's facts; `state` 0 means not registered.
    function movementOf(bytes32 issuer, bytes32 movementHash)
        external
        view
        returns (
            bytes32 carrier,
            uint8 entryType,
            uint8 state,
            bytes4 destination,
            bytes4 requestedPort,
            uint128 manifest,
            uint128 arrived,
            uint128 exported,
            uint32 eventCount
        )
    {
        Movement storage m = _movements[_key(issuer, movementHash)];
        return (
            m.carrier,
            m.entryType,
            m.state,
            m.destination,
            m.requestedPort,
            m.manifest,
            m.arrived,
            m.exported,
            m.eventCount
        );
    }

    /// @notice The movement holding an in-bond number (by its hash), or zero.
    function movementOfNumber(bytes32 numberHash) external view returns (bytes32) {
        return _movementOfNumber[numberHash];
    }

    function _movementForCarrier(bytes32 issuer, bytes32 movementHash)
        private
        view
        returns (bytes32 key, Movement storage m, bytes32 actor)
    {
        key = _key(issuer, movementHash);
        m = _movements[key];
        if (m.state == 0) revert UnknownInstrument(key);
        actor = _activeOrgOfCaller();
        if (actor != m.carrier) revert NotCarrier(key, actor);
    }

    function _movementForCustoms(bytes32 issuer, bytes32 movementHash)
        private
        view
        returns (bytes32 key, Movement storage m, bytes32 actor)
    {
        key = _key(issuer, movementHash);
        m = _movements[key];
        if (m.state == 0) revert UnknownInstrument(key);
        actor = _orgWithRole(ROLE_CUSTOMS);
    }

    function _require(bytes32 key, Movement storage m, bool allowed, uint8 action) private view {
        if (!allowed) revert EventNotAllowed(key, m.state, action);
    }

    function _record(
        bytes32 key,
        Movement storage m,
        bytes32 actor,
        uint8 action,
        uint8 state,
        uint128 quantity,
        bytes4 port,
        bytes32 ref
    ) private {
        m.state = state;
        m.eventCount += 1;
        emit MovementEvent(key, actor, action, state, quantity, port, ref);
    }

    // ------------------------------------------------------------------ batches

    /// @notice Runs calls of this contract for the caller, each on its own: a call that reverts is
    ///         undone alone and reported (BatchItem with its revert data), the others stand. Each call
    ///         runs as if the caller had sent it (same checks, same events). How a node sends the
    ///         actions of one organisation that arrive while its previous transaction is on its way.
    function batch(bytes[] calldata calls) external {
        for (uint256 i = 0; i < calls.length; ++i) {
            if (calls[i].length >= 4 && bytes4(calls[i][:4]) == this.batch.selector) {
                emit BatchItem(i, false, "");
                continue;
            }
            (bool ok, bytes memory ret) = address(this).delegatecall(calls[i]);
            emit BatchItem(i, ok, ok ? bytes("") : ret);
        }
    }

    // ------------------------------------------------------------------ shared

    function _activeOrgOfCaller() private view returns (bytes32 orgId) {
        bool active;
        (orgId, active) = trustRegistry.activeOrgOfAdmin(msg.sender);
        if (orgId == bytes32(0)) revert UnknownAdmin(msg.sender);
        if (!active) revert InactiveOrganization(orgId);
    }

    function _orgWithRole(uint8 role) private view returns (bytes32 orgId) {
        orgId = _activeOrgOfCaller();
        if (!trustRegistry.hasRole(orgId, role)) revert RoleRequired(orgId, role);
    }

    function _key(bytes32 issuer, bytes32 credentialHash) private pure returns (bytes32) {
        return keccak256(abi.encode(issuer, credentialHash));
    }
}
