import { describe, expect, it } from 'vitest';
import { annotateAll } from './context/helpers.js';

const speakers = (title: string, sentences: string[]): (string | undefined)[] => annotateAll(title, sentences).map((a) => a.speaker?.id);

describe('speakers from the quote\'s own span', () => {
  it('"…," said X and X said, "…" — known and discovered people', () => {
    expect(
      speakers('Senegal and Spain sign fisheries accord', [
        'Senegal and Spain signed a fisheries accord in Dakar on Monday after a year of talks, both governments said.',
        '"Our fishermen will be the first to gain," said Fisheries Minister Moussa Diop.',
        'Spanish envoy Elena Ruiz said, "We will fund the new cold stores."',
        '"This is a fair deal for both fleets," Diop told reporters.',
      ]),
    ).toEqual([undefined, 'moussa-diop', 'elena-ruiz', 'moussa-diop']);
  });

  it('a lower-case title after a possessive or nationality names the person ("Ghana\'s trade minister Kwame Asante")', () => {
    expect(
      speakers('Ghana and Brazil sign a cocoa research pact', [
        'Ghana and Brazil signed a cocoa research pact in Accra on Tuesday, the two agriculture ministries said.',
        "Ghana's trade minister Kwame Asante said the pact would cover 60,000 tonnes of beans a year.",
        '"Brazilian and Ghanaian scientists will share a field station for the first time," Asante told reporters.',
        'Brazilian foreign minister Ana Lima Costa attended the signing.',
        '"We came to learn as much as to teach," Costa said.',
      ]),
    ).toEqual([undefined, undefined, 'kwame-asante', undefined, 'ana-lima-costa']);
    // A remit word no list names ("production", "fisheries and ports") stands between as well.
    expect(
      speakers('Peru and Japan agree a squid quota', [
        'Peru and Japan signed a squid quota agreement in Lima on Tuesday.',
        "Peru's production minister Rosa Quispe Huamán said the deal would fund two cold stores.",
        '"Our fleet has had three bad seasons in a row," Quispe told reporters.',
        "Chile's fisheries and ports secretary Tomás Leiva Rojas did not comment.",
        '"We will study the terms before we answer," Leiva said later.',
      ]),
    ).toEqual([undefined, undefined, 'rosa-quispe-huaman', undefined, 'tomas-leiva-rojas']);
  });

  it('"…," he said → the last person named; a quote running on keeps its speaker', () => {
    expect(
      speakers('Rwanda and Qatar open an air route', [
        'Rwanda and Qatar opened a direct air route between Kigali and Doha on Friday, officials said.',
        'Transport Minister Jean Habimana attended the first landing.',
        '"Tourism will double within three years," he said.',
        '"And the cargo hold will carry our flowers."',
      ]),
    ).toEqual([undefined, undefined, 'jean-habimana', 'jean-habimana']);
  });

  it('"the statement said" → the statement\'s author; "the Kenyan president was quoted as saying" → the president', () => {
    expect(
      speakers('Uganda and Oman agree on oil storage', [
        'Uganda and Oman agreed to build an oil storage depot near Entebbe, the two energy ministries said.',
        'The Ministry of Energy and Mineral Development said in a statement that work would start in April.',
        '"The depot secures supply for the whole region," the statement said.',
        'President Yoweri Museveni opened the talks.',
        '"We will not wait for others," the Ugandan president was quoted as saying.',
      ]),
    ).toEqual([undefined, undefined, 'ministry-of-energy-and-mineral-development', undefined, 'yoweri-museveni']);
  });

  it('never credits a quote to someone the sentence only mentions', () => {
    const out = speakers('Argentina and Egypt trade wheat', [
      'Argentina and Egypt agreed on a wheat swap in Buenos Aires on Monday, both farm ministries said.',
      'Senator Laura Paz criticised the swap.',
      'Critics called it "a gift to traders" in a letter to Senator Laura Paz.',
      'Agriculture Minister Tomás Vidal described the swap as "a lifeline for millers," a phrase Senator Laura Paz rejected.',
    ]);
    expect(out[2]).toBeUndefined();
    expect(out[3]).toBe('tomas-vidal');
  });
});
