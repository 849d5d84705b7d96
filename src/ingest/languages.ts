/**
 * The languages the ingest reads. Its sentence splitter, entity patterns, dates and topics are
 * English; an article in another language is kept (with its `language`) but makes no facts,
 * rather than facts made of misread words.
 */
export function ingestReads(language: string): boolean {
  return /^en(?:$|-)/i.test(language.trim());
}
