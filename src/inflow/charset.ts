/**
 * Bytes to text the way a browser would: a BOM, then the Content-Type charset, then for HTML a
 * <meta charset> / http-equiv in the first 1024 bytes, for XML the declaration's encoding, else UTF-8.
 * An unknown label falls back to UTF-8 rather than failing the fetch.
 */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const bom = bomEncoding(bytes);
  const label = bom ?? charsetParam(contentType) ?? sniffDeclared(bytes) ?? 'utf-8';
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
