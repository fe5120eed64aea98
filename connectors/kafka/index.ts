import type { KafkaPort } from './port.js';
import type { PlatformaticPortOptions } from './platformatic-port.js';

export type * from './port.js';
export { createKafkajsPort, type KafkajsPortOptions } from './kafkajs-port.js';
export type { PlatformaticPortOptions } from './platformatic-port.js';

/**
 * The @platformatic/kafka port (`createPlatformaticPort` in ./platformatic-port.js), loaded on first use: the
 * library is a devDependency (benchmarks and comparison only), absent from the production image, so this index
 * (imported by every command) must not import it eagerly.
 */
export async function loadPlatformaticPort(options: PlatformaticPortOptions): Promise<KafkaPort> {
  const { createPlatformaticPort: create } = await import('./platformatic-port.js');
  return create(options);
}
