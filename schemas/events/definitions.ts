/**
 * The canonical event catalogue, version 1 (`tonsurance.events.v1`). One table drives the TypeScript types, the
 * JSON form (bigints as decimal strings) and the JSON Schema, so the three cannot drift apart.
 *
 * Field spec strings: `amount` (nanoTON, bigint), `uint64` (ids, bigint), `int` (JS number), `address` (raw
 * `wc:hex`), `bool`, `string`, `boc` (base64 cell), `amount[]`; a trailing `?` makes the field nullable (the
 * transaction did not reveal it).
 */

export type FieldKind = 'amount' | 'uint64' | 'int' | 'address' | 'bool' | 'string' | 'boc' | 'amount[]';
export type FieldSpec = FieldKind | `${FieldKind}?`;

export interface EventDefinition {
  readonly description: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

/** v2 product dimensions (contract id space, spec §8.1) and v3 product/asset ids (spec §8.6). */
const PRODUCT = {
  coverageType: 'int?',
  chainId: 'int?',
  stablecoinId: 'int?',
  productType: 'int?',
  assetId: 'int?',
} as const;

export const EVENT_DEFINITIONS = {
  PolicyCreated: {
    description:
      'A policy was issued. Exactly one PolicyCreated per policy has primary=true (the contract that holds the policy book): ' +
      'v2 PolicyFactory, v2 PolicyShard (the router records primary=false), v3 child. Aggregates count only primary ones.',
    fields: {
      primary: 'bool',
      policyId: 'uint64?',
      user: 'address?',
      ...PRODUCT,
      coverageAmount: 'amount',
      premium: 'amount?',
      durationDays: 'int?',
      durationHours: 'int?',
      startTime: 'int?',
      expiry: 'int?',
      shardId: 'int?',
      productHash: 'int?',
      latitude: 'int?',
      longitude: 'int?',
      radiusKm: 'int?',
    },
  },
  PolicyClaimed: {
    description: 'A policy was marked claimed or its trigger fired.',
    fields: {
      policyId: 'uint64?',
      user: 'address?',
      ...PRODUCT,
      coverageAmount: 'amount?',
      shardId: 'int?',
      triggerPrice: 'int?',
      triggerTime: 'int?',
      catastropheId: 'int?',
      severity: 'int?',
    },
  },
  PayoutExecuted: {
    description: 'TON left the contract as a claim or treasury payout.',
    fields: { policyId: 'uint64?', recipient: 'address?', amount: 'amount', reason: 'string' },
  },
  PolicyExpired: {
    description: 'Emitted by the event-time timer when start + duration has passed (never by the decoder).',
    fields: { policyId: 'uint64', expiry: 'int' },
  },
  DepositMade: {
    description:
      'LP deposit into a vault tranche; amount = the whole message value. tokens/txId come from the mint message when sent.',
    fields: { trancheId: 'int', depositor: 'address?', amount: 'amount', tokens: 'amount?', txId: 'uint64?' },
  },
  WithdrawalMade: {
    description:
      'LP withdrawal request from a vault tranche; payout only when the vault paid TON in this transaction (test mode).',
    fields: {
      trancheId: 'int',
      withdrawer: 'address?',
      tokenAmount: 'amount',
      payout: 'amount?',
      txId: 'uint64?',
    },
  },
  PremiumsDistributed: {
    description: 'Premium distributed over the vault tranches by allocation percent (amount from the body).',
    fields: { amount: 'amount' },
  },
  LossAbsorbed: {
    description: 'Loss absorbed by the vault waterfall (EQT first).',
    fields: { amount: 'amount', claimant: 'address?', policyId: 'uint64?' },
  },
  YieldAccrued: {
    description: 'Yield credited per tranche (perTranche = tranches 1..6) or for one tranche (trancheId).',
    fields: { total: 'amount', trancheId: 'int?', perTranche: 'amount[]' },
  },
  DepositRolledBack: {
    description: 'A deposit whose token mint bounced was refunded (v2 vault log 0x95).',
    fields: { txId: 'uint64', trancheId: 'int?', amount: 'amount', user: 'address?' },
  },
  WithdrawalRolledBack: {
    description: 'A withdrawal whose token burn bounced was restored (v2 vault log 0x96).',
    fields: { txId: 'uint64', trancheId: 'int?', tokenAmount: 'amount', user: 'address?' },
  },
  ContractPaused: { description: 'The contract entered the paused state.', fields: { by: 'address?' } },
  ContractUnpaused: { description: 'The contract left the paused state.', fields: { by: 'address?' } },
  ConfigChanged: {
    description: 'A configuration value changed (admin, linked contract address, code, key, tier).',
    fields: { key: 'string', value: 'string?', index: 'int?', by: 'address?' },
  },
  TransactionFailed: {
    description:
      'Nothing changed except the bounce handling the contract really did: compute skipped/failed, aborted, action phase failed, ' +
      'or the in-message is a bounce of a message this contract sent (attemptedOp = the op of that original message).',
    fields: {
      phase: 'string',
      exitCode: 'int?',
      actionResultCode: 'int?',
      skipReason: 'string?',
      bounced: 'bool',
      attemptedOp: 'int?',
      attemptedOpName: 'string?',
      sender: 'address?',
      value: 'amount',
      body: 'boc?',
    },
  },
  Unknown: {
    description: 'A successful transaction whose in-message op the contract kind does not define.',
    fields: { op: 'int?', sender: 'address?', value: 'amount', body: 'boc' },
  },
  PremiumReceived: {
    description: 'Premium received and split (v2 Treasury 70/20/10, v3 FloatMaster 50/15/15/20).',
    fields: {
      policyId: 'uint64?',
      amount: 'amount',
      vaultAmount: 'amount?',
      stakerAmount: 'amount?',
      reserveAmount: 'amount?',
      rwaAmount: 'amount?',
      btcAmount: 'amount?',
      defiAmount: 'amount?',
      hedgeAmount: 'amount?',
      totalPremiums: 'amount?',
      productType: 'int?',
      assetId: 'int?',
      coverageAmount: 'amount?',
      expiry: 'int?',
    },
  },
  ReserveDeposited: {
    description: 'Plain TON credited to the v2 Treasury reserve.',
    fields: { amount: 'amount', from: 'address?' },
  },
  ReserveWithdrawn: {
    description: 'v2 Treasury emergency withdrawal.',
    fields: { to: 'address?', amount: 'amount' },
  },
  PolicyRegistered: {
    description: 'v3 MasterFactory stored a policy reported by a child (register_policy).',
    fields: {
      policyId: 'uint64',
      productType: 'int',
      assetId: 'int',
      user: 'address?',
      coverageAmount: 'amount',
      expiry: 'int',
      child: 'address?',
      trigger1: 'int',
      trigger2: 'int',
    },
  },
  PolicyForwarded: {
    description:
      'v3 policy request forwarded down the factory chain: MasterFactory -> sub-factory (child = sub-factory) or ' +
      'sub-factory -> child (total_policies + 1).',
    fields: {
      user: 'address?',
      productType: 'int?',
      assetId: 'int',
      child: 'address?',
      childDeployed: 'bool',
    },
  },
  PolicyDeactivated: {
    description: 'v2 PolicyShard marked a policy inactive.',
    fields: { policyId: 'uint64' },
  },
  PolicyCreationBounced: {
    description:
      'v2 PolicyRouter: the shard refused a policy (log 0x59); the router rolls next_policy_id and total_policies back when it was the newest policy.',
    fields: { policyId: 'uint64', op: 'int', value: 'amount' },
  },
  ShardRegistered: {
    description: 'v2 PolicyRouter shard registration or override.',
    fields: { shardId: 'int', shard: 'address?', override: 'bool' },
  },
  PendingTxConfirmed: {
    description: 'Vault mint/burn confirmation (clears a pending async transaction).',
    fields: { txId: 'uint64', confirmation: 'string' },
  },
  MintBurnRetried: {
    description: 'v2 vault re-sent a bounced mint or burn (log 0x90).',
    fields: { txId: 'uint64', retryCount: 'int', backoffSeconds: 'int', op: 'int' },
  },
  TokensMinted: {
    description: 'v2 tranche token minted LP tokens (log 0x82).',
    fields: {
      to: 'address?',
      amount: 'amount',
      unlockTime: 'int?',
      totalSupply: 'amount?',
      queryId: 'uint64?',
    },
  },
  TokensBurned: {
    description: 'v2 tranche token burned LP tokens (log 0x83).',
    fields: { from: 'address?', amount: 'amount', totalSupply: 'amount?', queryId: 'uint64?' },
  },
  ClaimFiled: {
    description: 'v2 ClaimsProcessor file_claim.',
    fields: { policyId: 'uint64', claimant: 'address?', ...PRODUCT, coverageAmount: 'amount' },
  },
  ClaimVerified: {
    description: 'v2 ClaimsProcessor receive_verification.',
    fields: { claimId: 'uint64', valid: 'bool' },
  },
  PolicyNftMinted: {
    description: 'v3 PolicyNFTMinter minted a policy NFT (nft id = the minter counter, not in the message).',
    fields: {
      policyId: 'uint64',
      productType: 'int',
      assetId: 'int',
      owner: 'address?',
      coverageAmount: 'amount',
      expiry: 'int',
    },
  },
  NftTransferred: {
    description: 'v3 PolicyNFTMinter transfer.',
    fields: { nftId: 'uint64', from: 'address?', to: 'address?' },
  },
  NftBurned: { description: 'v3 PolicyNFTMinter burn.', fields: { nftId: 'uint64' } },
  NftMetadataUpdated: {
    description: 'v3 PolicyNFTMinter metadata update.',
    fields: { nftId: 'uint64', metadata: 'boc' },
  },
  OraclePriceUpdated: {
    description: 'v3 StablecoinChild oracle price (6 decimals).',
    fields: { price: 'int', oracleTime: 'int', claimsTriggered: 'int' },
  },
  CatastropheReported: {
    description: 'v3 NatCatChild event_update.',
    fields: {
      catastropheId: 'int',
      latitude: 'int',
      longitude: 'int',
      severity: 'int',
      eventTime: 'int',
      claimsTriggered: 'int',
    },
  },
  EscrowStatusChanged: {
    description:
      'v3 ParametricEscrow status change (active, paid_out, expired, disputed, resolved, emergency_withdrawn).',
    fields: { status: 'string', policyId: 'uint64?', amount: 'amount?', resolution: 'int?' },
  },
  CoverageReleased: {
    description: 'v3 FloatMaster released coverage maturing at expiryTime.',
    fields: { expiryTime: 'int' },
  },
  YieldAggregated: {
    description: 'v3 FloatMaster daily yield aggregation (forwarded to the vault as accrue_daily_yield).',
    fields: { rwa: 'amount', btc: 'amount', defi: 'amount', hedgePnl: 'amount', total: 'amount' },
  },
} as const satisfies Record<string, EventDefinition>;

export type EventDefinitions = typeof EVENT_DEFINITIONS;
export type EventType = keyof EventDefinitions;
export const EVENT_TYPES = Object.keys(EVENT_DEFINITIONS) as EventType[];

/** Event types that change derived state; `TransactionFailed` and `Unknown` are audit-only. */
export const AUDIT_ONLY_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'TransactionFailed',
  'Unknown',
]);
