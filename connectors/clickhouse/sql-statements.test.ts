import { describe, expect, it } from 'vitest';
import { readClickHouseMigrations } from './migrate.js';
import {
  clickHouseString,
  isClickHouseIdentifier,
  quoteClickHouseIdentifier,
  splitSqlStatements,
} from './sql-statements.js';

describe('splitSqlStatements', () => {
  it('splits on semicolons outside literals and comments, dropping comments', () => {
    const sql = [
      '-- header; with a semicolon',
      "CREATE TABLE a (x String DEFAULT ';') ENGINE = Memory;",
      "/* block; comment */ SELECT 'it''s; fine', `odd;name`, \"q;q\" FROM a;",
      "SELECT 'back\\'slash;' -- trailing; comment",
      ';',
    ].join('\n');
    expect(splitSqlStatements(sql)).toEqual([
      "CREATE TABLE a (x String DEFAULT ';') ENGINE = Memory",
      "SELECT 'it''s; fine', `odd;name`, \"q;q\" FROM a",
      "SELECT 'back\\'slash;'",
    ]);
  });

  it('rejects unterminated literals', () => {
    expect(() => splitSqlStatements("SELECT 'x")).toThrow(/unterminated/);
  });

  it('every shipped migration splits into single statements with the database placeholder', () => {
    const migrations = readClickHouseMigrations();
    expect(migrations.map((m) => m.version)).toEqual(
      [...migrations.map((m) => m.version)].sort((a, b) => a - b),
    );
    for (const m of migrations) {
      expect(m.statements.length).toBeGreaterThan(0);
      for (const s of m.statements) {
        expect(s).not.toMatch(/;/);
        expect(s).toContain('{database}.');
        // Portability: none of the syntax that ClickHouse 18.16 refuses.
        expect(s).not.toMatch(
          /\b(DateTime64|LowCardinality|Map\(|Int128|UInt128|UInt256|TTL|CODEC|OVER\s*\()/,
        );
      }
    }
  });
});

describe('identifiers and literals', () => {
  it('validates identifiers', () => {
    expect(isClickHouseIdentifier('tonstream_1')).toBe(true);
    expect(isClickHouseIdentifier('1abc')).toBe(false);
    expect(isClickHouseIdentifier('a`; DROP')).toBe(false);
    expect(quoteClickHouseIdentifier('db')).toBe('`db`');
    expect(() => quoteClickHouseIdentifier('a b')).toThrow();
  });

  it('escapes string literals', () => {
    expect(clickHouseString("it's \\ ok")).toBe("'it\\'s \\\\ ok'");
  });
});
