/**
 * Get-method ids as FunC assigns them by default: `(crc16_xmodem(name) & 0xffff) | 0x10000`.
 * Computed from the name so a typo cannot hide behind a hard-coded number.
 */

function crc16Xmodem(data: Buffer): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

export function methodId(name: string): number {
  return (crc16Xmodem(Buffer.from(name, 'utf8')) & 0xffff) | 0x10000;
}
