/**
 * Splits a migration file into statements. The HTTP interface runs one statement per request, so a file is cut
 * at every `;` that is outside a string literal, a quoted identifier and a comment. Comments are dropped (they
 * would otherwise be sent as empty statements); everything else is kept byte for byte.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  const push = () => {
    const text = current.trim();
    if (text) statements.push(text);
    current = '';
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new Error('unterminated /* comment in SQL');
      i = end + 2;
      current += ' ';
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(sql, i);
      current += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === ';') {
      push();
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  push();
  return statements;
}

/** Index of the quote closing the literal opened at `start`; backslash escapes and doubled quotes both allowed. */
function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  throw new Error(`unterminated ${quote} literal in SQL`);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` is a plain identifier, safe to splice into SQL (no server-side parameters on 18.16). */
export function isClickHouseIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && name.length <= 128;
}

/** A validated identifier in backquotes. */
export function quoteClickHouseIdentifier(name: string): string {
  if (!isClickHouseIdentifier(name)) throw new Error(`invalid ClickHouse identifier '${name}'`);
  return `\`${name}\``;
}

/** A string literal: ClickHouse escapes are backslash-based, so both backslash and quote are escaped. */
export function clickHouseString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
