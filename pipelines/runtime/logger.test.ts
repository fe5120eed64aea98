import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

describe('logger', () => {
  it('redacts API keys, passwords and connection strings', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const logger = createLogger({ level: 'info', pretty: false, destination: sink });
    logger.info(
      {
        apiKey: 'SECRET1',
        db: { password: 'SECRET2' },
        config: { postgres: { url: 'postgres://u:SECRET3@h/db' } },
      },
      'start',
    );
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('start');
    expect(out).not.toMatch(/SECRET/);
  });

  it('masks passwords inside free text', () => {
    expect(redactUrl('connect postgres://u:pw@h:5432/db failed')).toBe(
      'connect postgres://u:***@h:5432/db failed',
    );
  });
});
