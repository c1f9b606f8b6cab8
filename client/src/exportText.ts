/**
 * What the Export Bibliography command writes, kept free of `vscode` so it is tested
 * in plain Node: the server sends the file's exact text (the same core function as
 * `source-linked export`), and it is written byte for byte.
 */

/** The bytes to write for the server's answer: its text as is (an older server's JSON array is formatted the CLI's way). */
export function bibliographyBytes(data: unknown): Buffer {
  const text = typeof data === 'string' ? data : JSON.stringify(data ?? [], null, 2) + '\n';
  return Buffer.from(text, 'utf8');
}

/** How many entries an exported bibliography holds, for the confirmation message. */
export function entryCount(data: unknown): number | undefined {
  try {
    const v = typeof data === 'string' ? (JSON.parse(data) as unknown) : data;
    return Array.isArray(v) ? v.length : undefined;
  } catch {
    return undefined;
  }
}
