/** Regenerates tonsurance-event.v1.schema.json from the event catalogue: `npx tsx schemas/events/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { canonicalEventJsonSchemaDocument } from './event-json.js';

export const SCHEMA_FILE = new URL('./tonsurance-event.v1.schema.json', import.meta.url);

export function renderSchemaFile(): string {
  return `${JSON.stringify(canonicalEventJsonSchemaDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, renderSchemaFile());
}
