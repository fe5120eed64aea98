import { z } from 'zod';

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only, not starting with a digit')
  .max(128);

export const clickHouseSinkConfigSchema = z
  .object({
    url: z
      .string()
      .url()
      .default('http://127.0.0.1:8123')
      .describe('ClickHouse HTTP endpoint; may carry user:password@ (then leave username/password unset)'),
    username: z
      .string()
      .min(1)
      .optional()
      .describe('user the sink writes as; default: from the URL, else `default`'),
    password: z.string().optional().describe('password of that user'),
    database: identifier.default('tonstream').describe('database holding the history tables'),
    requestTimeoutMs: z.number().int().positive().default(60_000).describe('timeout of one insert request'),
    flushRows: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(20_000)
      .describe('a table is flushed as soon as this many rows are buffered for it'),
    flushIntervalMs: z
      .number()
      .int()
      .min(10)
      .default(1000)
      .describe('a table is flushed at the latest this long after its oldest buffered row arrived'),
    maxInsertRows: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(100_000)
      .describe('upper bound of rows per INSERT request; a larger buffer goes out in several inserts'),
    maxBufferedRows: z
      .number()
      .int()
      .min(1)
      .default(200_000)
      .describe('rows held in memory (buffered or being inserted, all tables); writeBatch waits above this'),
    retries: z.number().int().min(1).default(8).describe('attempts per insert, the first included'),
    retryInitialDelayMs: z
      .number()
      .int()
      .min(0)
      .default(200)
      .describe('first backoff delay between attempts'),
    retryMaxDelayMs: z.number().int().min(0).default(30_000).describe('backoff cap'),
    migrate: z.boolean().default(false).describe('apply pending migrations on connect'),
    checkTables: z.boolean().default(true).describe('on connect, fail unless the history tables exist'),
  })
  .strict()
  .refine((c) => c.maxBufferedRows >= c.flushRows, {
    message: 'maxBufferedRows must be at least flushRows (else the buffer could never fill up to a flush)',
    path: ['maxBufferedRows'],
  });

export type ClickHouseSinkConfig = z.infer<typeof clickHouseSinkConfigSchema>;
export type ClickHouseSinkConfigInput = z.input<typeof clickHouseSinkConfigSchema>;
