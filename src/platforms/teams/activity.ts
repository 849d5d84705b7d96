import { z } from 'zod';
import { MAX_QUERY_LENGTH } from '../../search/types.js';

/**
 * The least an inbound Bot Framework activity must carry for us to act on it or answer it.
 * Anything else is rejected with 400 before authentication or any turn logic runs. Unknown
 * fields pass through: the Bot Framework adds fields over time.
 */
const Account = z.looseObject({ id: z.string().min(1), name: z.string().optional() });

export const InboundActivitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional() }),
  from: Account,
  recipient: Account,
  text: z.string().optional(),
  value: z.unknown().optional(),
  entities: z.array(z.looseObject({ type: z.string() })).optional(),
});
export type InboundActivity = z.infer<typeof InboundActivitySchema>;

/**
 * What an Action.Submit of one of our cards sends back as `value`. Teams merges card inputs into
 * it (we have none) and may add its own keys, so extra keys are ignored, not rejected.
 */
export const SubmitValueSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('more'),
    query: z.string().min(1).max(MAX_QUERY_LENGTH),
    offset: z.number().int().nonnegative().max(1_000_000),
  }),
  z.object({ action: z.literal('sources') }),
  z.object({ action: z.literal('help') }),
]);
export type SubmitValue = z.infer<typeof SubmitValueSchema>;
