export type * from './port.js';
export { createKafkajsPort, type KafkajsPortOptions } from './kafkajs-port.js';
