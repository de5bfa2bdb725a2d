/** Streaming SHA-256 of files: model weights are too large to read into memory at once. */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Feeds `hash` with the bytes of `path` (optionally only the first `length` bytes) and returns
 * how many bytes it read.
 */
export async function updateHashFromFile(hash: Hash, path: string, length?: number): Promise<number> {
  if (length === 0) return 0;
  let read = 0;
  const stream = createReadStream(path, length === undefined ? {} : { start: 0, end: length - 1 });
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    read += bytes.byteLength;
  }
  return read;
}

/** Lowercase hex SHA-256 of a whole file. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await updateHashFromFile(hash, path);
  return hash.digest('hex');
}
