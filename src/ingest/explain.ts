import type { FactBaseData } from '../factbase/schema.js';

/**
 * `briefbot ingest --explain` lines for dates, datelines and related reports: where each fact's
 * date came from, what dateline each article had, which facts report one event differently.
 */
export function explainDatesAndLinks(data: FactBaseData): string[] {
  const out: string[] = [];
  for (const a of data.articles) {
    const d = a.dateline;
    if (d === undefined) continue;
    const parts = [`place "${d.place}"${d.entity ? ` (${d.entity})` : ''}`];
    if (d.dateText !== undefined) parts.push(`date "${d.dateText}"${d.date ? ` = ${d.date}` : ''}`);
    if (d.agency !== undefined) parts.push(`agency ${d.agency}`);
    out.push(`dateline ${a.id}: ${parts.join(', ')}`);
  }
  for (const f of data.facts) {
    const d = f.date;
    const source = d.source ?? (d.kind === 'published' ? 'published' : 'sentence');
    const why =
      source === 'published'
        ? 'publication date only'
        : source === 'dateline'
          ? `from the dateline "${d.phrase ?? ''}"`
          : source === 'previous-sentence'
            ? `the year of the previous sentence ("${d.phrase ?? ''}")`
            : `main clause "${d.phrase ?? ''}"`;
    out.push(`date ${f.id} ${d.value}${d.approximate ? ' (approx.)' : ''}: ${why}`);
  }
  const seen = new Set<string>();
  for (const f of data.facts) {
    for (const r of f.related) {
      const key = [f.id, r.factId].sort().join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(`linked ${f.id} ~ ${r.factId}: ${r.how}`);
    }
  }
  return out;
}
