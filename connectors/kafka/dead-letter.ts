import { errorClass, errorMessage, TonstreamError } from '../../pipelines/runtime/errors.js';
import type { OutgoingRecord } from './port.js';

/** The JSON value of a dead-letter record: the original bytes plus why and where it failed. */
export interface DeadLetter {
  v: 1;
  stage: string;
  errorClass: string;
  message: string;
  context: Record<string, string>;
  /** Where the input came from (topic/partition/offset, file:line, ...). */
  position: string;
  /** The original bytes, base64. */
  original: string;
  failedAt: string;
}

export function deadLetterRecord(input: {
  stage: string;
  original: Buffer;
  key: string | Buffer | null;
  position: string;
  error: unknown;
  headers?: Record<string, string>;
  now?: Date;
}): OutgoingRecord {
  const context: Record<string, string> = {};
  if (input.error instanceof TonstreamError) {
    for (const [k, v] of Object.entries(input.error.context))
      if (v !== undefined && v !== null) context[k] = String(v);
  }
  const letter: DeadLetter = {
    v: 1,
    stage: input.stage,
    errorClass: errorClass(input.error),
    message: errorMessage(input.error),
    context,
    position: input.position,
    original: input.original.toString('base64'),
    failedAt: (input.now ?? new Date()).toISOString(),
  };
  return {
    key: input.key,
    value: JSON.stringify(letter),
    headers: { ...input.headers, 'dlq-stage': input.stage, 'dlq-error-class': letter.errorClass },
  };
}
