import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import { loadFactBaseFile, parseFactBase } from '../../src/factbase/load.js';
import type { FactBaseData } from '../../src/factbase/schema.js';

const good = (): FactBaseData => JSON.parse(readFileSync('data/factbase.json', 'utf8')) as FactBaseData;
const failureOf = (data: unknown): string => {
  try {
    parseFactBase(JSON.stringify(data), 'fb.json');
  } catch (e) {
    expect(isBriefbotError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected the fact base to be refused');
};

describe('loading a fact base', () => {
  it('accepts the committed one', () => {
    const fb = loadFactBaseFile('data/factbase.json');
    expect(fb.facts.length).toBeGreaterThan(0);
  });

  it('names the file, the record by id and the field', () => {
    const fb = good();
    const fact = fb.facts[3]!;
    (fact.citations[0] as { url: unknown }).url = 42;
    expect(failureOf(fb)).toMatch(new RegExp(`^fb\\.json: fact ${fact.id}, field citations\\.0\\.url: `));
  });

  it('names a record without a usable id by its index', () => {
    const fb = good();
    (fb.facts[2] as { id: unknown }).id = '';
    expect(failureOf(fb)).toMatch(/^fb\.json: fact #2, field id: /);
  });

  it('refuses another format version with a rebuild hint', () => {
    expect(failureOf({ ...good(), formatVersion: 99 })).toMatch(/format version 99 is not supported \(expected 1\).*briefbot ingest/);
  });

  it('refuses references that do not resolve', () => {
    const fb = good();
    const fact = fb.facts[0]!;
    fact.entities = [...fact.entities, 'atlantis'];
    expect(failureOf(fb)).toBe(`fb.json: fact ${fact.id}, field entities.${fact.entities.length - 1}: unknown entity "atlantis"`);
  });

  it('refuses a citation whose offsets do not span its quote', () => {
    const fb = good();
    const fact = fb.facts[1]!;
    fact.citations[0]!.end += 1;
    expect(failureOf(fb)).toMatch(new RegExp(`fact ${fact.id}, field citations\\.0\\.end`));
  });

  it('says when the file is missing or not JSON', () => {
    expect(() => loadFactBaseFile('tests/fixtures/nope.json')).toThrow(/fact base not found.*briefbot ingest/);
    expect(() => parseFactBase('{"formatVersion": 1,', 'x.json')).toThrow(/^x\.json: cannot be read as JSON/);
  });
});
