import type { AdminPort, TopicSpec } from '../connectors/kafka/port.js';
import type { Config } from './runtime/config.js';

/** The topics of the dataflow, with their settings. Created on start when missing; existing ones are kept. */
export function pipelineTopics(config: Config): TopicSpec[] {
  const p = config.kafka.partitions;
  const t = config.kafka.topics;
  return [
    {
      topic: t.raw,
      partitions: p,
      config: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * 86_400_000) },
    },
    { topic: t.rawDlq, partitions: 1, config: { 'retention.ms': String(90 * 86_400_000) } },
    { topic: t.events, partitions: p, config: { 'retention.ms': String(30 * 86_400_000) } },
    { topic: t.alerts, partitions: 1 },
  ];
}

/** Creates the pipeline's topics, plus any topic a command was pointed at instead (`--topic`). */
export async function ensurePipelineTopics(
  admin: AdminPort,
  config: Config,
  extra: string[] = [],
): Promise<void> {
  const specs = pipelineTopics(config);
  for (const topic of extra)
    if (!specs.some((s) => s.topic === topic)) specs.push({ topic, partitions: config.kafka.partitions });
  await admin.ensureTopics(specs);
}
