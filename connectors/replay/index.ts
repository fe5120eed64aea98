export { ReplaySource, parseReplayLine, type ReplayProgress } from './replay-source.js';
export { replaySourceConfigSchema, type ReplaySourceConfig } from './config.js';
export { readLines } from './jsonl.js';
