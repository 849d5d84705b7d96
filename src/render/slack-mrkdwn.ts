/**
 * Slack mrkdwn text helpers. Slack reads `<…>` as links and mentions (`<!channel>`, `<@U123>`),
 * so anything a user typed or an article says goes through `escapeMrkdwn` before it is placed
 * in a message; `&`, `<`, `>` are the only characters Slack asks to be escaped.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `<url|label>`. The url is escaped like text and a literal `|` is percent-encoded, because the
 * first `|` ends the url; the label is escaped text.
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = escapeMrkdwn(url).replace(/\|/g, '%7C');
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/**
 * Shorten to at most `max` characters at a word boundary, ending with `…`. Never cuts inside a
 * word, and never inside an escape entity such as `&amp;`. Text already short enough is returned as is.
 */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  let cut = text.lastIndexOf(' ', room);
  if (cut <= 0) cut = room;
  let head = text.slice(0, cut);
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && !head.slice(amp).includes(';')) head = head.slice(0, amp);
  return `${head.trimEnd()}…`;
}
