// Stands in for `node-fetch` and `sync-fetch` in the bundles (see scripts/bundle.mjs).
// Citation.js can fetch URLs; Source-Linked only parses bibliography text it read from
// disk, so the bundles carry no HTTP client and can never reach the network through it.
'use strict';
function noFetch() {
  throw new Error('Source-Linked does not fetch bibliography data from the network');
}
class Headers extends Map {}
noFetch.Headers = Headers;
noFetch.default = noFetch;
module.exports = noFetch;
