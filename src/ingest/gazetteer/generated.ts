import { z } from 'zod';
import type { Entity } from '../../factbase/schema.js';

/** Where a country lies, as the generated file gives it ("Africa" / "Eastern Africa"). */
export interface CountryRegion {
  region?: string;
  subregion?: string;
}

const GeneratedCountrySchema = z
  .object({
    id: z.string().regex(/^[A-Z]{3}$/),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    region: z.string().min(1).optional(),
    subregion: z.string().min(1).optional(),
  })
  .strict();

const GeneratedFileSchema = z.object({ countries: z.array(GeneratedCountrySchema) }).strict();

export interface GeneratedCountries {
  countries: Entity[];
  regions: Record<string, CountryRegion>;
}

/** Parses countries.generated.yaml; returns the zod message of the first problem instead when it does not validate. */
export function parseGeneratedCountries(raw: unknown): GeneratedCountries | string {
  const parsed = GeneratedFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `${issue.path.join('.') || '(file)'}: ${issue.message}`;
  }
  const regions: Record<string, CountryRegion> = {};
  const countries = parsed.data.countries.map((c): Entity => {
    const where: CountryRegion = {};
    if (c.region !== undefined) where.region = c.region;
    if (c.subregion !== undefined) where.subregion = c.subregion;
    regions[c.id] = where;
    return { id: c.id, kind: 'country', name: c.name, aliases: c.aliases };
  });
  return { countries, regions };
}

/**
 * Generated countries under the hand-written gazetteer: a generated country whose name or alias
 * a hand-written entry already uses is left out (the hand-written entry is the intended meaning),
 * and the hand-written `country-aliases` are appended to their country.
 */
export function mergeCountries(generated: readonly Entity[], hand: readonly Entity[], extraAliases: Record<string, string[]>): Entity[] {
  const handNames = new Set(hand.flatMap((e) => [e.name, ...e.aliases]));
  const handIds = new Set(hand.map((e) => e.id));
  const kept = generated
    .filter((c) => !handIds.has(c.id) && !handNames.has(c.name))
    .map((c) => ({ ...c, aliases: [...c.aliases.filter((a) => !handNames.has(a)), ...(extraAliases[c.id] ?? [])] }));
  return [...kept, ...hand];
}
