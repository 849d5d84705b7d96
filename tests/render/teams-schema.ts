import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let validate: ValidateFunction | undefined;

/** The official Adaptive Card 1.5 schema (tests/fixtures/teams/adaptive-card-schema), compiled once. */
export function adaptiveCardValidator(): ValidateFunction {
  if (validate) return validate;
  const file = fileURLToPath(new URL('../fixtures/teams/adaptive-card-schema/adaptive-card-1.5.json', import.meta.url));
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // draft-06 with Adaptive Cards' own annotation keywords (version, features, example).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft6);
  addFormats(ajv);
  // The file names itself with draft-04's `id`; ajv 8 only knows `$id`.
  const { id, ...rest } = schema;
  validate = ajv.compile({ $id: id as string, ...rest });
  return validate;
}

export function schemaErrors(card: unknown): string {
  const v = adaptiveCardValidator();
  return v(card) ? '' : JSON.stringify(v.errors?.slice(0, 5), null, 2);
}
