import type * as vscode from 'vscode';
import type { RequestParam, RequestType } from 'vscode-languageserver-protocol';

/** What the commands need from the language client (easy to fake in tests): typed requests of protocol.ts only. */
export interface ServerConnection {
  sendRequest<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>, token?: vscode.CancellationToken): Promise<R>;
}

/** True for the error the client raises when a request was cancelled. */
export function isCancellation(err: unknown): boolean {
  const e = err as { code?: number; name?: string; message?: string } | undefined;
  return !!e && (e.code === -32800 || e.name === 'Canceled' || /cancel/i.test(String(e.message ?? '')));
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  const e = err as { message?: unknown } | undefined;
  return typeof e?.message === 'string' ? e.message : String(err);
}
