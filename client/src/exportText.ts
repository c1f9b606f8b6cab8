/**
 * What the Export Bibliography command writes, kept free of `vscode` so it is tested
 * in plain Node: the server sends the file's exact text (the same core function as
 * `source-linked export`), and it is written byte for byte.
 */

/** The bytes to write for the server's answer: its text as is. */
export function bibliographyBytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** How many entries an exported bibliography holds, for the confirmation message. */
export function entryCount(text: string): number | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.length : undefined;
  } catch {
    return undefined;
  }
}
