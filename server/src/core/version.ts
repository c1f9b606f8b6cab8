/**
 * The engine version stamped into the persisted index cache. The bundler
 * replaces __ENGINE_HASH__ with a hash of the engine's sources, so a cache
 * written by another build (other splitting or figure rules) is never trusted.
 */
declare const __ENGINE_HASH__: string | undefined;
export const ENGINE_VERSION = '0.1.0+' + (typeof __ENGINE_HASH__ === 'string' ? __ENGINE_HASH__ : 'dev');
