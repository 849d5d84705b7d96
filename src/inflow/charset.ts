/**
 * Bytes to text the way a browser would: a BOM, then the Content-Type charset, then for HTML a
 * <meta charset> / http-equiv in the first 1024 bytes, for XML the declaration's encoding, else UTF-8.
 * An unknown label falls back to UTF-8 rather than failing the fetch.
 */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const bom = bomEncoding(bytes);
  const label = bom ?? charsetParam(contentType) ?? sniffDeclared(bytes) ?? 'utf-8';
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

function bomEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

export function charsetParam(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1]?.toLowerCase();
}

function sniffDeclared(bytes: Uint8Array): string | undefined {
  // Latin-1 maps every byte to one char, so the ASCII declaration reads the same whatever the encoding.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  if (meta) return meta[1]!.toLowerCase();
  const xml = /^<\?xml[^>]+encoding\s*=\s*["']([\w-]+)["']/i.exec(head);
  return xml?.[1]?.toLowerCase();
}

/** The media type alone, lower case: "text/html; charset=utf-8" → "text/html". */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Every label the Encoding Standard maps to windows-1252 (HTML's "latin1" is windows-1252). */
const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'latin1', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'l1', 'ascii', 'us-ascii', 'ansi_x3.4-1968', 'cp819', 'ibm819', 'iso-ir-100']);
/** 0x80–0x9F of windows-1252 (curly quotes, dashes, €); undefined bytes map to the C1 control, as the standard says. */
const C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** By hand: Node 20's TextDecoder decodes these labels as ISO-8859-1, turning “quotes” into C1 controls. */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const slice = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...slice).replace(/[\x80-\x9f]/g, (c) => C1[c.charCodeAt(0) - 0x80]!);
  }
  return out;
}
