/**
 * The remaining state models: v2 Treasury (§3.7), v3 FloatMaster (§5.9), v3 PolicyNFTMinter (§5.7), v2 tranche
 * tokens (§3.2) and a coarse status/counter model for the rest (claims processor, escrow).
 */
import { mulDiv } from '../../schemas/reference/int-math.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import type {
  FloatMasterState,
  GenericState,
  NftMinterState,
  TrancheTokenState,
  TreasuryState,
} from '../../schemas/state/contract-state.js';
import { deleteEntry, setEntry } from './entry-journal.js';

export function applyTreasuryEvent(state: TreasuryState, event: CanonicalEvent): void {
  switch (event.type) {
    case 'PremiumReceived': {
      const d = event.data;
      // receive_premium: 70 % vault, 20 % staking, the remainder to the reserve.
      const vault = d.vaultAmount ?? mulDiv(d.amount, 70n, 100n);
      const staker = d.stakerAmount ?? mulDiv(d.amount, 20n, 100n);
      state.totalPremiums = d.totalPremiums ?? state.totalPremiums + d.amount;
      state.reserve += d.reserveAmount ?? d.amount - vault - staker;
      return;
    }
    case 'YieldAccrued': {
      const id = event.data.trancheId;
      if (id !== null && id >= 1 && id <= state.trancheYields.length) {
        state.trancheYields[id - 1] = (state.trancheYields[id - 1] ?? 0n) + event.data.total;
      }
      return;
    }
    case 'PayoutExecuted':
      state.totalPayouts += event.data.amount;
      state.reserve -= event.data.amount;
      return;
    case 'ReserveDeposited':
      state.reserve += event.data.amount;
      return;
    case 'ReserveWithdrawn':
      state.reserve -= event.data.amount;
      return;
    case 'ConfigChanged':
      state.config[event.data.key] = event.data.value;
      return;
    default:
      return;
  }
}

export function applyFloatMasterEvent(state: FloatMasterState, event: CanonicalEvent): void {
  switch (event.type) {
    case 'PremiumReceived': {
      const d = event.data;
      state.totalPremiums += d.amount;
      state.allocations.rwa += d.rwaAmount ?? 0n;
      state.allocations.btc += d.btcAmount ?? 0n;
      state.allocations.defi += d.defiAmount ?? 0n;
      state.allocations.hedge += d.hedgeAmount ?? 0n;
      const coverage = d.coverageAmount ?? 0n;
      state.totalActiveCoverage += coverage;
      state.activeCoverageCapital += coverage;
      if (d.expiry !== null) {
        const key = String(d.expiry);
        state.maturities[key] = (state.maturities[key] ?? 0n) + coverage;
      }
      return;
    }
    case 'CoverageReleased': {
      const key = String(event.data.expiryTime);
      const matured = state.maturities[key] ?? 0n;
      delete state.maturities[key];
      // release_expired_coverage moves capital from active to expired; total_active_coverage is left as it was.
      state.activeCoverageCapital -= matured;
      state.expiredCoverageCapital += matured;
      return;
    }
    case 'ConfigChanged':
      state.config[event.data.key] = event.data.value;
      return;
    default:
      return;
  }
}

export function applyNftMinterEvent(state: NftMinterState, event: CanonicalEvent): void {
  switch (event.type) {
    case 'PolicyNftMinted':
      setEntry(state.owners, state.nextNftId.toString(), event.data.owner);
      state.nextNftId += 1n;
      state.totalMinted += 1n;
      return;
    case 'NftTransferred':
      setEntry(state.owners, event.data.nftId.toString(), event.data.to);
      return;
    case 'NftBurned':
      deleteEntry(state.owners, event.data.nftId.toString());
      return;
    case 'ConfigChanged':
      state.config[event.data.key] = event.data.value;
      return;
    default:
      return;
  }
}

export function applyTrancheTokenEvent(state: TrancheTokenState, event: CanonicalEvent): void {
  switch (event.type) {
    case 'TokensMinted':
      state.totalSupply = event.data.totalSupply ?? state.totalSupply + event.data.amount;
      return;
    case 'TokensBurned':
      state.totalSupply = event.data.totalSupply ?? state.totalSupply - event.data.amount;
      return;
    case 'ConfigChanged':
      state.config[event.data.key] = event.data.value;
      return;
    default:
      return;
  }
}

export function applyGenericEvent(state: GenericState, event: CanonicalEvent): void {
  if (event.type === 'EscrowStatusChanged') state.status = event.data.status;
  if (event.type === 'ConfigChanged') {
    state.config[event.data.key] = event.data.value;
    return;
  }
  state.counters[event.type] = (state.counters[event.type] ?? 0n) + 1n;
}
