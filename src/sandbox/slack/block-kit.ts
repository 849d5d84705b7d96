/**
 * Slack's checks on a message, as the stand-in applies them: the errors mirror what Slack
 * answers (`invalid_blocks` with json-pointer details, `msg_too_long`, `no_text`). Written from
 * Slack's published limits, independently of the renderer, so tests of the renderer mean something.
 */
export interface MessageCheck {
  ok: boolean;
  error?: 'invalid_blocks' | 'msg_too_long' | 'no_text';
  errors: string[];
}

const MAX_BLOCKS = 50;
const MAX_TEXT = 40_000;

type Json = Record<string, unknown>;

export function checkMessage(message: { text?: unknown; blocks?: unknown }): MessageCheck {
  const errors: string[] = [];
  const text = typeof message.text === 'string' ? message.text : '';
  if (text.length > MAX_TEXT) return { ok: false, error: 'msg_too_long', errors: [`text is ${text.length} characters`] };
  const blocks = message.blocks;
  if (blocks === undefined || (Array.isArray(blocks) && blocks.length === 0)) {
    return text.trim() === '' ? { ok: false, error: 'no_text', errors: [] } : { ok: true, errors: [] };
  }
  if (!Array.isArray(blocks)) return fail(['must be an array [json-pointer:/blocks]']);
  if (blocks.length > MAX_BLOCKS) errors.push(`must be less than ${MAX_BLOCKS + 1} items [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((b: unknown, i) => {
    const at = `/blocks/${i}`;
    if (!isObject(b)) return void errors.push(`must be an object [json-pointer:${at}]`);
    if (b['block_id'] !== undefined) {
      const id = b['block_id'];
      if (typeof id !== 'string' || id.length === 0 || id.length > 255) errors.push(`invalid block_id [json-pointer:${at}/block_id]`);
      else if (blockIds.has(id)) errors.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      else blockIds.add(id);
    }
    switch (b['type']) {
      case 'header':
        checkText(b['text'], `${at}/text`, 150, errors, ['plain_text']);
        break;
      case 'section':
        if (b['text'] === undefined && b['fields'] === undefined) errors.push(`must provide text or fields [json-pointer:${at}]`);
        if (b['text'] !== undefined) checkText(b['text'], `${at}/text`, 3000, errors);
        if (b['fields'] !== undefined) {
          const fields = b['fields'];
          if (!Array.isArray(fields) || fields.length === 0 || fields.length > 10) errors.push(`must be 1-10 items [json-pointer:${at}/fields]`);
          else fields.forEach((f, j) => checkText(f, `${at}/fields/${j}`, 2000, errors));
        }
        break;
      case 'context': {
        const els = b['elements'];
        if (!Array.isArray(els) || els.length === 0 || els.length > 10) errors.push(`must be 1-10 items [json-pointer:${at}/elements]`);
        else els.forEach((e, j) => (isObject(e) && e['type'] === 'image' ? undefined : checkText(e, `${at}/elements/${j}`, 3000, errors)));
        break;
      }
      case 'divider':
        break;
      case 'actions': {
        const els = b['elements'];
        if (!Array.isArray(els) || els.length === 0 || els.length > 25) errors.push(`must be 1-25 items [json-pointer:${at}/elements]`);
        else els.forEach((e, j) => checkButton(e, `${at}/elements/${j}`, errors));
        break;
      }
      default:
        errors.push(`unsupported block type ${JSON.stringify(b['type'])} [json-pointer:${at}/type]`);
    }
  });
  return errors.length > 0 ? fail(errors) : { ok: true, errors: [] };
}

function fail(errors: string[]): MessageCheck {
  return { ok: false, error: 'invalid_blocks', errors };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkText(t: unknown, at: string, max: number, errors: string[], types = ['plain_text', 'mrkdwn']): void {
  if (!isObject(t) || !types.includes(t['type'] as string)) return void errors.push(`must be a ${types.join(' or ')} text object [json-pointer:${at}]`);
  const text = t['text'];
  if (typeof text !== 'string' || text.length === 0) return void errors.push(`must be at least 1 character [json-pointer:${at}/text]`);
  if (text.length > max) errors.push(`must be less than ${max + 1} characters [json-pointer:${at}/text]`);
}

function checkButton(e: unknown, at: string, errors: string[]): void {
  if (!isObject(e) || e['type'] !== 'button') return void errors.push(`only buttons are supported here [json-pointer:${at}]`);
  checkText(e['text'], `${at}/text`, 75, errors, ['plain_text']);
  const actionId = e['action_id'];
  if (actionId !== undefined && (typeof actionId !== 'string' || actionId.length > 255)) errors.push(`invalid action_id [json-pointer:${at}/action_id]`);
  const value = e['value'];
  if (value !== undefined && (typeof value !== 'string' || value.length > 2000)) errors.push(`must be less than 2001 characters [json-pointer:${at}/value]`);
  const url = e['url'];
  if (url !== undefined && (typeof url !== 'string' || url.length > 3000)) errors.push(`must be less than 3001 characters [json-pointer:${at}/url]`);
}
