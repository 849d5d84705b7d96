import type { BuildReport } from '../ingest/build.js';

/**
 * `ingest --explain`, per fact: each entity with where it came from (named in the sentence, or
 * from context: a reference, a bullet's lead-in, the story's main parties) and the speaker with how
 * the attribution was read.
 */
export function explainFacts(report: Pick<BuildReport, 'data' | 'explained'>): string[] {
  const out: string[] = [];
  for (const f of report.data.facts) {
    const why = report.explained.get(f.id);
    out.push(`fact ${f.id} ${f.citations[0]!.articleId}@${f.citations[0]!.start}: ${f.text.length > 100 ? `${f.text.slice(0, 99)}…` : f.text}`);
    for (const id of f.entities) {
      const r = why?.entities.find((e) => e.id === id && e.origin === 'mention');
      out.push(`  entity ${id}: mention — ${r?.why ?? '(no reason recorded)'}`);
    }
    for (const c of f.context) {
      const r = why?.entities.find((e) => e.id === c.id && e.origin === c.via);
      out.push(`  entity ${c.id}: from context (${c.via}) — ${r?.why ?? '(no reason recorded)'}`);
    }
    if (f.speaker !== undefined) out.push(`  speaker ${f.speaker}: ${why?.speaker?.how ?? '(no reason recorded)'}`);
    for (const c of f.caveats) out.push(`  caveat: ${c}`);
  }
  return out;
}
