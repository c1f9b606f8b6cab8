// Citation.js ships no type declarations; only what bibliography.ts uses is declared.
declare module '@citation-js/core' {
  export const plugins: {
    input: { chain(data: string, options?: { generateGraph?: boolean; target?: string }): unknown };
  };
}
declare module '@citation-js/plugin-bibtex';
