import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Reads a JSON-lines file (`-` = stdin), gunzipping when the content starts with the gzip magic bytes. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; lineNo: number }> {
  const raw: Readable = path === '-' ? process.stdin : createReadStream(path);
  const peeked = await peek(raw, 2);
  const input =
    peeked.head[0] === 0x1f && peeked.head[1] === 0x8b ? peeked.stream.pipe(createGunzip()) : peeked.stream;
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    yield { line, lineNo };
  }
}

/** The first bytes of a stream, left in the stream (`unshift`) so the reader still sees them. */
function peek(stream: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onReadable = () => {
      const chunk: Buffer | null = stream.read();
      if (chunk === null) return;
      cleanup();
      stream.unshift(chunk);
      resolve({ head: chunk.subarray(0, n), stream });
    };
    const onEnd = () => {
      cleanup();
      resolve({ head: Buffer.alloc(0), stream });
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}
