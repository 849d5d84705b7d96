import type { Feed, Page } from './site.js';

/** One feed item as the CMS would emit it: the page plus when it went into the feed. */
export interface FeedItem {
  page: Page;
  /** Absolute URL of the page. */
  url: string;
  /** When the item was published (the page's date, or the publish() time); absent when the page has none. */
  date?: Date;
}

export interface RenderedFeed {
  contentType: string;
  body: string;
  lastModified: Date;
}

/** Site-wide fallback date for Last-Modified when nothing in a feed is dated. */
const EPOCH = new Date('2026-01-01T00:00:00Z');

export function renderFeed(feed: Feed, items: FeedItem[], origin: string): RenderedFeed {
  const dates = items.flatMap((i) => (i.date ? [i.date.getTime()] : []));
  const lastModified = new Date(Math.max(EPOCH.getTime(), ...dates));
  const home = origin + feed.home;
  const self = origin + feed.path;
  switch (feed.format) {
    case 'rss':
      return { contentType: 'application/rss+xml; charset=utf-8', body: rss(feed, items, home, self, lastModified), lastModified };
    case 'atom':
      return { contentType: 'application/atom+xml; charset=utf-8', body: atom(feed, items, home, self, lastModified), lastModified };
    case 'json':
      return { contentType: 'application/feed+json; charset=utf-8', body: jsonFeed(feed, items, home, self), lastModified };
  }
}

function rss(feed: Feed, items: FeedItem[], home: string, self: string, lastModified: Date): string {
  const entries = items.map(({ page, url, date }) => {
    // Some CMS feeds carry nothing but the link; readers must fetch the page for the rest.
    if (page.feedLinkOnly) return `    <item>\n      <link>${x(url)}</link>\n    </item>`;
    const lines = [
      `      <title>${x(page.title)}</title>`,
      `      <link>${x(url)}</link>`,
      // A GUID that is not the URL, as wire services use, so dedupe cannot lean on the link alone.
      `      <guid isPermaLink="false">${x(`${page.outlet}:${page.slug}`)}</guid>`,
      ...(date ? [`      <pubDate>${date.toUTCString().replace('GMT', '+0000')}</pubDate>`] : []),
      ...(page.author ? [`      <dc:creator>${x(page.author)}</dc:creator>`] : []),
      ...(page.summary ? [`      <description>${x(page.summary)}</description>`] : []),
    ];
    return `    <item>\n${lines.join('\n')}\n    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${x(feed.title)}</title>
    <link>${x(home)}</link>
    <description>${x(feed.description)}</description>
    <language>${x(feed.language)}</language>
    <lastBuildDate>${lastModified.toUTCString().replace('GMT', '+0000')}</lastBuildDate>
    <atom:link href="${x(self)}" rel="self" type="application/rss+xml"/>
    <ttl>15</ttl>
${entries.join('\n')}
  </channel>
</rss>
`;
}

function atom(feed: Feed, items: FeedItem[], home: string, self: string, lastModified: Date): string {
  const entries = items.map(({ page, url, date }) => {
    const when = (date ?? lastModified).toISOString();
    const lines = [
      `    <title>${x(page.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${x(url)}"/>`,
      `    <id>${x(url)}</id>`,
      ...(date ? [`    <published>${when}</published>`] : []),
      `    <updated>${x(page.modified ?? when)}</updated>`,
      ...(page.author ? [`    <author><name>${x(page.author)}</name></author>`] : []),
      ...(page.summary ? [`    <summary type="text">${x(page.summary)}</summary>`] : []),
    ];
    return `  <entry>\n${lines.join('\n')}\n  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(feed.language)}">
  <title>${x(feed.title)}</title>
  <subtitle>${x(feed.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${x(home)}"/>
  <link rel="self" type="application/atom+xml" href="${x(self)}"/>
  <id>${x(self)}</id>
  <updated>${lastModified.toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
}

function jsonFeed(feed: Feed, items: FeedItem[], home: string, self: string): string {
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      home_page_url: home,
      feed_url: self,
      description: feed.description,
      language: feed.language,
      items: items.map(({ page, url, date }) => ({
        id: url,
        url,
        title: page.title,
        ...(page.summary ? { summary: page.summary } : {}),
        ...(date ? { date_published: date.toISOString() } : {}),
        ...(page.modified ? { date_modified: page.modified } : {}),
        ...(page.author ? { authors: [{ name: page.author }] } : {}),
        language: page.language,
      })),
    },
    null,
    2,
  )}\n`;
}

/** XML text and attribute escaping. */
function x(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
