import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import type { CorpusSource } from '../brief/corpus.js';
import type { DigestReply } from '../digest/handle.js';
import { BriefbotError, isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Platform, Store } from '../store/types.js';
import { addArticleFromUrl } from './add-article.js';
import type { SafeFetch } from './fetch-types.js';
import { addSource, describeSource } from './sources.js';

/** What the chat commands of the inflow need; the platforms build it once. */
export interface InflowDeps {
  store: Store;
  fetch: SafeFetch;
  dataDir: string;
  /** The configured fact store (default: `<dataDir>/factbase.json`). */
  factStore?: FactStoreDescriptor;
  logger: Logger;
  now?: () => Date;
  /** SOURCES_ADMINS: who may add articles and sources; undefined = everyone. */
  admins?: readonly string[] | undefined;
}

/** Who is asking, where: platform code fills it in. */
export interface InflowAsker {
  platform: Platform;
  teamId: string;
  /** Slack user id, or the Teams user's AAD object id (what SOURCES_ADMINS lists). */
  userId: string;
  invocation: string;
  corpora: CorpusSource;
}

const SOURCES_FORMS = ['sources', 'sources add <feed url> [name]', 'sources remove <id>', 'sources articles'];
const accepted = (inv: string) => SOURCES_FORMS.map((f) => `\`${inv} ${f}\``).join(', ');

/** Everyone may, unless SOURCES_ADMINS lists who may. */
export function mayAdd(deps: Pick<InflowDeps, 'admins'>, userId: string): boolean {
  return deps.admins === undefined || deps.admins.length === 0 || deps.admins.includes(userId);
}

function requestedBy(who: InflowAsker): string {
  return `${who.platform}:${who.teamId}:${who.userId}`;
}

/** `add <url>`: the reply is AddResult's reason (plain text; renderers escape it). */
export async function handleAdd(url: string, who: InflowAsker, deps: InflowDeps): Promise<DigestReply> {
  if (!mayAdd(deps, who.userId)) {
    deps.logger.info({ requestedBy: requestedBy(who), url }, 'article add refused: not in SOURCES_ADMINS');
    return { kind: 'problem', message: new BriefbotError('SOURCES_FORBIDDEN', { what: 'add articles' }).message };
  }
  if (url === '' || !/^https?:\/\//i.test(url)) {
    return {
      kind: 'problem',
      message: new BriefbotError('SOURCES_USAGE', {
        problem: url === '' ? 'Say which article: its full address.' : `"${url}" is not a web address (it must start with http:// or https://).`,
        accepted: `\`${who.invocation} add https://example.com/news/story\``,
      }).message,
    };
  }
  const now = deps.now?.() ?? new Date();
  const result = await addArticleFromUrl({ url, dataDir: deps.dataDir, fetch: deps.fetch, now, logger: deps.logger, requestedBy: requestedBy(who), ...(deps.factStore ? { factStore: deps.factStore } : {}) });
  if (result.status === 'refused') return { kind: 'problem', message: result.reason };
  return { kind: 'notice', title: result.status === 'added' ? 'Added' : 'Already there', lines: [result.reason] };
}

/** `sources`, `sources add|remove …`. */
export async function handleSources(rest: string, who: InflowAsker, deps: InflowDeps): Promise<DigestReply> {
  const inv = who.invocation;
  try {
    const [verb = '', ...args] = rest.trim().split(/\s+/).filter((w) => w !== '');
    switch (verb.toLowerCase()) {
      case '':
      case 'list':
        return await list(who, deps);
      case 'add': {
        if (!mayAdd(deps, who.userId)) throw new BriefbotError('SOURCES_FORBIDDEN', { what: 'add sources' });
        const [url, ...name] = args;
        if (url === undefined) throw new BriefbotError('SOURCES_USAGE', { problem: 'Say which feed: its full address.', accepted: accepted(inv) });
        const r = await addSource({ store: deps.store, fetch: deps.fetch, url, name: name.join(' '), addedBy: requestedBy(who), now: deps.now?.() ?? new Date(), logger: deps.logger });
        return {
          kind: 'notice',
          title: r.created ? `Following ${r.source.id}: ${r.source.name}` : `Already following ${r.source.id}: ${r.source.name}`,
          lines: [r.created ? `${r.entries} entries in the feed now; their articles come in with the next poll.` : r.source.url, `Stop: ${inv} sources remove ${r.source.id}`],
        };
      }
      case 'remove':
      case 'rm':
      case 'off': {
        if (!mayAdd(deps, who.userId)) throw new BriefbotError('SOURCES_FORBIDDEN', { what: 'remove sources' });
        const id = args[0]?.toLowerCase();
        if (id === undefined) throw new BriefbotError('SOURCES_USAGE', { problem: 'Say which source: its id.', accepted: accepted(inv) });
        if (!(await deps.store.removeSource(id))) throw new BriefbotError('SOURCES_NOT_FOUND', { id, invocation: inv });
        deps.logger.info({ source: id, removedBy: requestedBy(who) }, 'source removed');
        return { kind: 'notice', title: `Stopped following ${id}`, lines: ['Its articles stay in the fact base.'] };
      }
      default:
        throw new BriefbotError('SOURCES_USAGE', { problem: `"${verb}" is not a sources command.`, accepted: accepted(inv) });
    }
  } catch (err) {
    if (isBriefbotError(err)) return { kind: 'problem', message: err.message };
    throw err;
  }
}

async function list(who: InflowAsker, deps: InflowDeps): Promise<DigestReply> {
  const inv = who.invocation;
  const sources = await deps.store.listSources();
  const fb = who.corpora.current().fb;
  const lines = sources.map(describeSource);
  if (sources.length === 0) lines.push(`No feeds followed yet: ${inv} sources add <feed url>`);
  lines.push(`${fb.articles.size} articles, ${fb.facts.length} facts in the fact base · ${inv} sources articles lists the articles · ${inv} add <url> adds one`);
  return { kind: 'notice', title: `Sources: following ${sources.length} ${sources.length === 1 ? 'feed' : 'feeds'}`, lines };
}
