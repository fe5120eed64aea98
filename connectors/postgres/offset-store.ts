import type pg from 'pg';
import type { TopicPartitionOffset } from '../kafka/port.js';
import { unnestUpsert } from './unnest-upsert.js';

/**
 * Kafka offsets kept next to the data they produced: `save` runs inside the caller's transaction, so rows and
 * offsets commit together; `load` gives the positions to seek to on start and on partition assignment.
 */
export class PostgresOffsetStore {
  constructor(readonly consumerGroup: string) {}

  async load(client: pg.ClientBase | pg.Pool, topic: string): Promise<TopicPartitionOffset[]> {
    const { rows } = await client.query(
      'SELECT partition, next_offset::text FROM consumer_offsets WHERE consumer_group = $1 AND topic = $2',
      [this.consumerGroup, topic],
    );
    return rows.map((r) => ({ topic, partition: Number(r.partition), offset: r.next_offset }));
  }

  /** Never moves an offset back (a zombie replica's late commit cannot rewind the group). */
  async save(client: pg.ClientBase, offsets: TopicPartitionOffset[]): Promise<void> {
    await unnestUpsert(
      client,
      {
        table: 'consumer_offsets',
        columns: [
          { name: 'consumer_group', type: 'text', value: () => this.consumerGroup },
          { name: 'topic', type: 'text', value: (o: TopicPartitionOffset) => o.topic },
          { name: 'partition', type: 'integer', value: (o) => o.partition },
          { name: 'next_offset', type: 'bigint', value: (o) => o.offset },
          { name: 'updated_at', type: 'timestamptz', value: () => new Date().toISOString() },
        ],
        conflict: ['consumer_group', 'topic', 'partition'],
        updateWhere: 'EXCLUDED.next_offset >= t.next_offset',
      },
      offsets,
    );
  }
}
