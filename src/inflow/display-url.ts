/**
 * A URL as it may appear in logs and chat replies: scheme, host and path, with query values
 * replaced, since a pasted link can carry a token (`?key=…`, `?sig=…`) and user info is never shown.
 */
export function displayUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/[?#].*$/s, '').slice(0, 200);
  }
  const query = [...url.searchParams.keys()].map((k) => `${k}=…`).join('&');
  return `${url.protocol}//${url.host}${url.pathname}${query ? `?${query}` : ''}`;
}

/** Host and path only: what a chat reply names. */
export function hostAndPath(raw: string): { host: string; path: string } {
  try {
    const url = new URL(raw);
    return { host: url.host, path: url.pathname };
  } catch {
    return { host: raw.slice(0, 100), path: '' };
  }
}
