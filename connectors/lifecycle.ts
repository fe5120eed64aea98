/**
 * The lifecycle every connector follows: connect, read or write batches, close. Sources hand out batches and
 * are told when a batch is durably published (`commit`), so their cursor only ever moves past acknowledged data.
 */

/** An input that could not become a record: kept whole for the dead-letter topic. */
export interface RejectedInput {
  /** The original bytes, exactly as read. */
  original: Buffer;
  /** Where it came from: file:line, address:lt, ... */
  position: string;
  key: string | null;
  error: unknown;
}

export interface SourceBatch<T> {
  records: T[];
  rejected: RejectedInput[];
}

export interface Source<T> {
  readonly name: string;
  connect(): Promise<void>;
  /** The next batch, or `null` once the source is exhausted (bounded sources) or the signal is aborted. */
  readBatch(signal: AbortSignal): Promise<SourceBatch<T> | null>;
  /** Called after every record and rejection of `batch` is acknowledged downstream. */
  commit(batch: SourceBatch<T>): Promise<void>;
  close(): Promise<void>;
}

export interface Sink<T> {
  readonly name: string;
  connect(): Promise<void>;
  /** Writes the whole batch or throws; a retry of the same batch must not duplicate its effect. */
  writeBatch(batch: T[]): Promise<void>;
  close(): Promise<void>;
}
