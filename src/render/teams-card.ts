/**
 * The subset of Adaptive Card 1.5 briefbot sends, written out here (not imported from the
 * adaptivecards package) so the renderer stays free of platform packages. Tests validate every
 * card against the official 1.5 JSON schema.
 */
export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export const TEAMS_LIMITS = {
  /**
   * Teams rejects messages beyond roughly 80 KB (activity and card together), counted as the
   * service counts a string: in UTF-16 code units, so an emoji or other non-BMP character is two
   * and a CJK character one (UTF-8 bytes would say four and three). A card is kept well under
   * that so the envelope, a fallback text and future fields never push it over.
   */
  cardSize: 40_000,
  /** A single fact or quote longer than this is cut (a sentence that long is ingest noise). */
  textChars: 2_000,
  /** Action titles wrap badly past this in the Teams client. */
  actionTitle: 60,
} as const;

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Default' | 'Lighter' | 'Bolder';
  size?: 'Default' | 'Small' | 'Medium' | 'Large' | 'ExtraLarge';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  separator?: boolean;
  style?: 'default' | 'heading';
  color?: 'Default' | 'Attention' | 'Warning' | 'Accent';
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  spacing?: 'None' | 'Small' | 'Default';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/** What a Submit button carries back as the message activity's `value`. */
export type SubmitData =
  | { action: 'more'; query: string; offset: number }
  | { action: 'sources' }
  | { action: 'help' };

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData;
}

export type CardAction = OpenUrlAction | SubmitAction;

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: 'None' | 'Small' | 'Default';
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  separator?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium';
}

export type CardElement = TextBlock | FactSet | ActionSet | Container;

export interface AdaptiveCard {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  type: 'AdaptiveCard';
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  /** Shown by clients that cannot render the card; also what notifications display. */
  fallbackText: string;
}

export function card(body: CardElement[], actions: CardAction[], fallbackText: string): AdaptiveCard {
  const c: AdaptiveCard = {
    $schema: ADAPTIVE_CARD_SCHEMA,
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
    fallbackText,
  };
  if (actions.length > 0) c.actions = actions;
  return c;
}

export function text(t: string, extra: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text: t, wrap: true, ...extra };
}

/** Serialized size in UTF-16 code units (a JavaScript string's length), the measure Teams applies. */
export function cardSize(c: AdaptiveCard): number {
  return JSON.stringify(c).length;
}
