/**
 * Integer arithmetic as TVM does it. FunC's `/` and `muldiv` round toward negative infinity, while JavaScript's
 * bigint `/` truncates toward zero; the two differ for negative quotients, so contract formulas go through here.
 */

/** floor(a / b). Throws RangeError on b = 0, like any bigint division. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  // Truncation rounded a negative non-integer quotient up; step down once.
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** floor(a × b / c) with an exact intermediate product, as FunC `muldiv`. */
export function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  return floorDiv(a * b, c);
}
