import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'pipelines/cli.ts'), ...args],
      { cwd: root, env: { PATH: process.env.PATH!, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const map = (content: unknown) => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const GOOD_MAP = map({ [`0:${'01'.repeat(32)}`]: 'vault-v2' });

describe('tonstream fails fast on bad input with a one-line cause', () => {
  it.each([
    [
      ['config'],
      { TONSTREAM_BROKERZ: 'x' },
      2,
      /^tonstream: configuration error: unknown configuration key TONSTREAM_BROKERZ/,
    ],
    [
      ['config'],
      { KAFKA_BROKERS: 'localhost:99999' },
      2,
      /KAFKA_BROKERS \(kafka\.brokers\): broker port must be between 1 and 65535/,
    ],
    [
      ['config', '--log-level', 'loud'],
      {},
      1,
      /argument 'loud' is invalid. Allowed choices are fatal, error/,
    ],
    [['stage', 'decode', '--contracts', map({ EQnope: 'vault-v2' })], {}, 2, /"EQnope" is not a TON address/],
    [
      ['stage', 'decode', '--contracts', map({ [`0:${'01'.repeat(32)}`]: 'vault-v9' })],
      {},
      2,
      /unknown contract kind "vault-v9"; allowed kinds: vault-v2/,
    ],
    [
      ['stage', 'decode', '--contracts', GOOD_MAP, '--log-level', 'silent'],
      { KAFKA_BROKERS: '127.0.0.1:1' },
      1,
      /^tonstream: connection error: cannot reach Kafka at 127\.0\.0\.1:1 \(KAFKA_BROKERS\)/,
    ],
  ])('%j %j → exit %i', async (args, env, code, message) => {
    const result = await cli(args as string[], env as Record<string, string>);
    expect(result.code).toBe(code);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'));
    expect(
      lines.some((l) => (message as RegExp).test(l)),
      result.stderr,
    ).toBe(true);
    if (code === 2) expect(lines).toHaveLength(1);
  });

  it('prints the effective configuration with secrets masked', async () => {
    const result = await cli(['config'], {
      DATABASE_URL: 'postgres://u:topsecret@h:5432/db',
      TON_API_KEY: 'k123',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('topsecret');
    expect(result.stdout).not.toContain('k123');
    expect(JSON.parse(result.stdout).postgres.url).toBe('postgres://u:***@h:5432/db');
  });
});
