import { randomInt } from 'node:crypto';

// No 0/o, 1/l/i: ids are read off a Slack message and typed back into `/brief digest off`.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `d` + 5 characters: ~28 million ids, and the insert retries on the rare collision. */
export function newSubscriptionId(): string {
  return newId('d');
}

/** A one-letter kind (`d` digest, `s` source) + 5 characters from the unambiguous alphabet. */
export function newId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 5; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
