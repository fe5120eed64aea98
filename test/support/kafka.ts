import type { IncomingRecord, KafkaPort } from '../../connectors/kafka/index.js';
import { uniqueName } from './servers.js';

/** Reads a topic from the beginning until `count` records arrived (or the timeout), with a throwaway group. */
export async function readTopic(
  kafka: KafkaPort,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<IncomingRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  await consumer.connect();
  const seen: IncomingRecord[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${seen.length} of ${count} records from ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      if (count === 0) {
        clearTimeout(timer);
        resolve();
        return;
      }
      consumer
        .run({
          topics: [topic],
          eachBatch: async (batch) => {
            seen.push(...batch.records);
            if (seen.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
