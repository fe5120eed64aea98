import { describe, expect, it } from 'vitest';
import { productHash, productKey, v3ProductKey } from './product-key.js';

describe('product keys', () => {
  it('renders readable slugs', () => {
    expect(productKey(0, 0, 0)).toBe('depeg:ethereum:usdc');
    expect(productKey(3, 7, 1)).toBe('bridge:solana:usdt');
    expect(productKey(4, 6, 12)).toBe('cex-liquidation:ton:crvusd');
    expect(productKey(1, 5, 7)).toBe('smart-contract:lightning:susde');
  });

  it('marks unknown ids without colliding with slugs', () => {
    expect(productKey(0, 9, 0)).toBe('depeg:#9:usdc');
    expect(productKey(7, 0, 1.5)).toBe('#7:ethereum:#?');
  });

  it('keys v3 products in their own space', () => {
    expect(v3ProductKey(1, 1)).toBe('v3:depeg:usdt');
    expect(v3ProductKey(2, 1)).toBe('v3:bridge:ton-bridge');
    expect(v3ProductKey(4, 2)).toBe('v3:contract:ston-fi');
    expect(v3ProductKey(5, 3)).toBe('v3:tradfi-natcat:#3');
    expect(v3ProductKey(6, 1)).toBe('v3:#6:#1');
  });

  it('computes the contract product hash', () => {
    expect(productHash(0, 0, 0)).toBe(0);
    // Bridge + Solana + USDT; the comment in risk_multipliers.fc says 197633, but the formula gives 198401.
    expect(productHash(3, 7, 1)).toBe(198401);
    expect(productHash(4, 7, 13)).toBe((4 << 16) | (7 << 8) | 13);
    expect(productHash(256, 0, 0)).toBeNull();
    expect(productHash(0, -1, 0)).toBeNull();
  });
});
