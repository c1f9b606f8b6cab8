/** The Pandoc citation syntax lives in the parse layer (parse/citations.ts); kept here for old imports. */
export * from '../parse/citations';
