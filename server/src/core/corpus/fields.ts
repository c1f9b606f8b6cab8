/** Copy the named fields that are set (truthy) in `from` onto `to`, leaving the others alone. */
export function copyFields<T extends object, K extends keyof T>(to: T, from: Partial<Pick<T, K>>, keys: readonly K[]): void {
  for (const k of keys) {
    const v = from[k];
    if (v) to[k] = v as T[K];
  }
}
