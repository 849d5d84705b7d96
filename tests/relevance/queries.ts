/**
 * The graded relevance set: what an analyst reading the articles would expect on the first screen
 * (top5) and the first two screens (top10). Facts are named by a distinctive piece of their text,
 * never by id, so the set survives changes to ids and to the ingest. Seeds are data/articles;
 * the f2-* articles are tests/fixtures/articles (wire, newspaper, magazine and forum styles).
 */
export interface GradedQuery {
  query: string;
  /** Must be among the first five facts shown (grade 2). */
  top5: string[];
  /** Must be among the first ten (grade 1). */
  top10?: string[];
}

export const RELEVANCE_QUERIES: GradedQuery[] = [
  // --- seed articles ---
  {
    query: 'kenya malaysia',
    top5: ['official visit to Kenya on Nov. 23', 'decision to scrap tariffs on agricultural produce', 'signed multiple agreements aimed at deepening'],
    top10: ['Both leaders signed four legal instruments', 'upgrade their diplomatic ties to a strategic partnership', 'remove tariffs and non-tariff barriers'],
  },
  {
    query: 'kenya china',
    top5: ['upgraded ties to a "new level"', 'Xi and Ruto signed 20 documents'],
    top10: ['staunchly defended Kenya’s growing trade relationship', 'agreements worth $950 million'],
  },
  {
    query: 'kenya malaysia trade value',
    top5: ['Bilateral trade reached 5.7 billion ringgit'],
    top10: ['increase bilateral trade volume by 30%', 'main export destination in Africa'],
  },
  {
    query: 'what did ruto say about china',
    top5: ['We have concluded the high-level conversation with China', 'It’s partly why I have a bit of a problem'],
    top10: ['co-architects of a new world order'],
  },
  {
    query: 'ruto xi',
    top5: ['Xi and Ruto signed 20 documents', 'upgraded ties to a "new level"'],
    top10: ['candid discussions with Chinese President Xi Jinping'],
  },
  {
    query: 'kenya china tariffs',
    top5: ['China agreed to remove tariffs on Kenyan agricultural products'],
    top10: ['reciprocal arrangement between Kenya and China'],
  },
  {
    query: 'kenya china railway',
    top5: ['modern railway line from the port of Mombasa', 'extension of a railway line to the border with Uganda'],
    top10: ['extend the SGR to the Ugandan border'],
  },
  {
    query: 'malaysia kenya digital trade',
    top5: ['signed a bilateral framework agreement to deepen collaboration in digital'],
    top10: ['Malaysia–Kenya Innovation & Digital Trade Summit 2025'],
  },
  {
    query: 'kenya malaysia semiconductor',
    top5: ['cooperation in semiconductor technology', 'grow and expand our semiconductor technology'],
  },
  {
    query: 'risch kenya',
    top5: ['review Kenya’s status as a Major Non-NATO Ally', 'heightened scrutiny from US lawmakers'],
    top10: ['deepening ties with China, Russia, and Iran'],
  },
  {
    query: 'kenya US',
    top5: ['review Kenya’s status as a Major Non-NATO Ally'],
    top10: ['maintain strong relations with the United States'],
  },
  {
    query: 'kenya malaysia aviation',
    top5: ['bilateral air services agreement', 'MoUs on aviation, tourism cooperation'],
  },
  {
    query: 'nairobi kuala lumpur cities',
    top5: ['letter of intent to enhance collaboration between the cities', 'city-level cooperation between Nairobi and Kuala Lumpur'],
  },
  {
    query: 'kenya debt',
    top5: ['will not default on its external debt'],
    top10: ['struggling with a heavy debt load', 'biggest bilateral lender'],
  },
  {
    query: 'kenya malaysia chamber of commerce',
    top5: ['National Chambers of Commerce of Kenya and Malaysia', 'The second MoU, signed between the Kenya National Chamber'],
  },
  {
    query: 'kenya malaysia palm oil',
    top5: ['Bilateral trade reached 5.7 billion ringgit', 'palm-oil and agricultural products'],
  },
  {
    query: '"turbulent international"',
    top5: ['in the face of a turbulent international situation', 'response to a “turbulent international situation,”'],
  },
  { query: 'kenya malaysia beef', top5: ['scrap tariffs on agricultural produce and beef'] },
  {
    query: 'kenya human rights',
    top5: ['human rights abuses under Ruto’s administration'],
    top10: ['Both emphasized human rights, democracy'],
  },
  { query: 'malaysia kenya startups', top5: ['Startup Exchange Programs', 'Joint research grants for startups'] },
  { query: 'semicond', top5: ['cooperation in semiconductor technology'] },
  { query: 'kenya china flights', top5: ['direct flights between Beijing and Nairobi'] },
  { query: 'ruto election', top5: ['ahead of the 2027 General Election'] },
  // --- fixture articles (tests/fixtures/articles/f2-*) ---
  {
    query: 'ghana nigeria',
    top5: ['signed an agreement to build a cross-border power line', 'phase out customs checks at their shared border posts'],
    top10: ['Trade between Ghana and Nigeria reached 2.4 billion', '600 megawatts'],
  },
  {
    query: 'ghana nigeria power',
    top5: ['600 megawatts of electricity from Nigerian gas plants', 'signed an agreement to build a cross-border power line'],
    top10: ['Funding for the power line is still being sought'],
  },
  {
    query: 'ghana nigeria trade value',
    top5: ['Trade between Ghana and Nigeria reached 2.4 billion'],
    top10: ['goods worth 1.5 billion dollars from Nigeria'],
  },
  {
    query: 'nigeria ghana customs border',
    top5: ['scrap customs checks at the Seme and Aflao', 'phase out customs checks'],
    top10: ['trucks wait up to four days'],
  },
  {
    query: 'ghana electricity cost',
    top5: ['unreliable electricity costs Ghana about 2 percent'],
    top10: ['power cuts force them to run diesel generators'],
  },
  { query: 'nigeria grid', top5: ['grid suffers frequent collapses'] },
  {
    query: 'ghana nigeria african development bank',
    top5: ['African Development Bank providing half', 'African Development Bank yet to approve'],
  },
  {
    query: 'nigeria textiles',
    top5: ['protect local textile makers'],
    top10: ['review tariffs on cement, rice and textiles'],
  },
  {
    query: 'chile argentina',
    top5: ['joint plan to pave a mountain road', '480-kilometre route through the Andes'],
    top10: ['customs post shared by both countries', 'cost around 900 million dollars'],
  },
  {
    query: 'argentina lithium production',
    top5: ['75,000 tonnes of lithium carbonate'],
    top10: ['second-largest lithium producer'],
  },
  { query: 'chile argentina road cost', top5: ['900 million dollars, shared equally'] },
  { query: 'chile wetlands flamingos', top5: ['fragile wetlands where flamingos'] },
  { query: 'lithium road', top5: ['joint plan to pave a mountain road', '480-kilometre route'] },
  { query: 'ghana cocoa', top5: ['Cocoa processors in Ghana'] },
  {
    query: 'ghana nigeria cement rice',
    top5: ['review tariffs on cement, rice and textiles', 'cement and rice expect the deal to cut transport costs'],
    top10: ['make cement and rice cheaper in Accra'],
  },
];
