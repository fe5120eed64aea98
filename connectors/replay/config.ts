import { z } from 'zod';

export const replaySourceConfigSchema = z
  .object({
    files: z
      .array(z.string().min(1))
      .min(1)
      .describe('JSON-lines files of raw records or corpus rows (.gz ok, - = stdin)'),
    topic: z.string().min(1).default('ton.transactions.v1').describe('topic to publish to'),
    dlqTopic: z
      .string()
      .min(1)
      .default('ton.transactions.v1.dlq')
      .describe('topic for lines that are not valid records'),
    addresses: z
      .array(z.string().regex(/^-?\d+:[0-9a-f]{64}$/, 'raw address wc:hex'))
      .optional()
      .describe('publish only these accounts (raw form); default: every account'),
    blockchainId: z
      .string()
      .optional()
      .describe('corpus rows only: keep one emulated chain (its lt restarts per chain)'),
    batchSize: z.number().int().min(1).max(100_000).default(1000).describe('records per Kafka send'),
  })
  .strict();

export type ReplaySourceConfig = z.infer<typeof replaySourceConfigSchema>;
