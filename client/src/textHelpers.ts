/**
 * Pure helpers for the client (no `vscode` import, so unit tests can load them in
 * plain Node). Citation text is computed by the server (sourceLinked/citationInsert).
 */

/** The code of a diagnostic as a string (`code` may be a string, a number or `{ value, target }`). */
export function diagnosticCode(code: unknown): string | undefined {
  if (code === undefined || code === null) return undefined;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  if (typeof code === 'object' && 'value' in (code as object)) return String((code as { value: unknown }).value);
  return undefined;
}

/** Checks the URL as typed: undefined when acceptable, else what is wrong. */
export function validateUrl(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Paste the address of a web article or a PDF (http or https).';
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Only http and https addresses can be added.';
  } catch {
    return 'This is not a web address (it should start with https://).';
  }
  return undefined;
}
