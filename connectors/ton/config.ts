import { z } from 'zod';
import { CONTRACT_KINDS } from '../../schemas/contracts/kinds.js';

export const accountSourceConfigSchema = z
  .object({
    endpoints: z
      .array(z.string().url())
      .min(1, 'at least one TonCenter v2 JSON-RPC endpoint is required')
      .describe(
        'TonCenter v2 JSON-RPC URLs, e.g. https://toncenter.com/api/v2/jsonRPC; tried in order, failing over',
      ),
    apiKey: z.string().min(1).optional().describe('TonCenter API key (X-API-Key)'),
    rps: z
      .number()
      .positive()
      .optional()
      .describe('requests per second; default 1 without a key, 10 with one'),
    accounts: z
      .array(
        z.object({
          address: z.string().regex(/^-?\d+:[0-9a-f]{64}$/, 'raw address wc:hex'),
          kind: z.enum(CONTRACT_KINDS),
        }),
      )
      .min(1, 'no addresses to watch'),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(100)
      .describe('transactions per getTransactions call (API max 100)'),
    pollIntervalMs: z
      .number()
      .int()
      .min(0)
      .default(2000)
      .describe('pause after a cycle that found nothing new'),
    requestTimeoutMs: z.number().int().positive().default(15_000),
    maxBatch: z.number().int().min(1).default(1000).describe('records handed to Kafka per batch'),
    untilCaughtUp: z
      .boolean()
      .default(false)
      .describe('stop once every address is published up to the newest transaction'),
  })
  .strict();

export type AccountSourceConfig = z.infer<typeof accountSourceConfigSchema>;
export type AccountSourceConfigInput = z.input<typeof accountSourceConfigSchema>;
