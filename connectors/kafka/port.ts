/**
 * The Kafka port: the only Kafka surface stages use. Implementations wrap a client library (kafkajs today),
 * so the client can change without touching a stage. Offsets are strings (64-bit), values are Buffers.
 */

export interface OutgoingRecord {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
  partition?: number;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Broker append time or producer create time, epoch ms as a string. */
  timestamp: string;
}

export interface IncomingBatch {
  topic: string;
  partition: number;
  records: IncomingRecord[];
  highWatermark: string;
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read (last processed + 1), as Kafka commits it. */
  offset: string;
}

export interface ProducerPort {
  connect(): Promise<void>;
  /** Sends and resolves only once every record is acknowledged by all in-sync replicas. */
  send(topic: string, records: OutgoingRecord[]): Promise<void>;
  sendMany(batches: { topic: string; records: OutgoingRecord[] }[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface BatchControl {
  /** Commits offsets to the consumer group (for stages that keep offsets in Kafka). */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Keeps group membership alive during long work. */
  heartbeat(): Promise<void>;
  isRunning(): boolean;
}

export interface ConsumeOptions {
  topics: string[];
  /** Called for each fetched batch, one partition at a time, in offset order. Throwing stops the consumer. */
  eachBatch: (batch: IncomingBatch, control: BatchControl) => Promise<void>;
  /**
   * Called when partitions are assigned; may return the offsets to start from (stages that store offsets next
   * to their data). Partitions it leaves out start from the committed group offset.
   */
  onAssigned?: (assigned: { topic: string; partition: number }[]) => Promise<TopicPartitionOffset[] | void>;
  fromBeginning?: boolean;
  /**
   * How many partitions' `eachBatch` calls may run at the same time (default 1). Each partition still gets its
   * batches one at a time, in order. Implementations may ignore it and hand partitions over one by one.
   */
  partitionsConcurrently?: number;
}

export interface ConsumerPort {
  connect(): Promise<void>;
  run(options: ConsumeOptions): Promise<void>;
  /** Moves the fetch position of one partition (after `run` started). */
  seek(position: TopicPartitionOffset): void;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions?: number;
  replicationFactor?: number;
  config?: Record<string, string>;
}

export interface AdminPort {
  connect(): Promise<void>;
  /** Creates the topics that do not exist; existing ones are left alone. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Latest offsets (high watermarks) per partition. */
  topicOffsets(topic: string): Promise<{ partition: number; high: string; low: string }[]>;
  committedOffsets(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]>;
  deleteTopics(topics: string[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface KafkaPort {
  producer(options?: { idempotent?: boolean; transactionalId?: string }): ProducerPort;
  consumer(options: {
    groupId: string;
    sessionTimeoutMs?: number;
    maxBytesPerPartition?: number;
  }): ConsumerPort;
  admin(): AdminPort;
}
