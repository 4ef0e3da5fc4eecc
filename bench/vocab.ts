import { Rng } from './prng.ts';

/**
 * Debate vocabulary for the synthetic store, most common first. The generator draws words by Zipf
 * rank, so the head ("state", "capitalism", "workers") lands in a large share of claims and the
 * synthetic tail (invented jargon and names, after the real words) in a handful: full-text search
 * gets words that hit many rows and words that hit few.
 */
export const NOUNS = [
  'state', 'capitalism', 'workers', 'power', 'revolution', 'class', 'freedom', 'labour', 'property', 'society',
  'government', 'market', 'democracy', 'party', 'socialism', 'anarchism', 'wage', 'production', 'economy', 'union',
  'equality', 'authority', 'bureaucracy', 'council', 'community', 'liberty', 'profit', 'capital', 'strike', 'organisation',
  'theory', 'history', 'violence', 'law', 'rights', 'justice', 'people', 'nation', 'army', 'police',
  'factory', 'land', 'peasants', 'majority', 'minority', 'leadership', 'vanguard', 'dictatorship', 'proletariat', 'bourgeoisie',
  'hierarchy', 'centralisation', 'federation', 'cooperative', 'commune', 'soviet', 'reform', 'election', 'parliament', 'constitution',
  'exploitation', 'oppression', 'solidarity', 'autonomy', 'consensus', 'delegate', 'mandate', 'assembly', 'ownership', 'means',
  'industry', 'agriculture', 'housing', 'education', 'health', 'welfare', 'taxation', 'money', 'credit', 'debt',
  'rent', 'interest', 'trade', 'competition', 'monopoly', 'planning', 'efficiency', 'scarcity', 'abundance', 'needs',
  'value', 'price', 'commodity', 'surplus', 'accumulation', 'crisis', 'recession', 'growth', 'technology', 'automation',
  'machine', 'management', 'boss', 'employer', 'employee', 'contract', 'consent', 'coercion', 'force', 'war',
  'peace', 'empire', 'colony', 'border', 'migration', 'citizenship', 'religion', 'church', 'ideology', 'propaganda',
  'media', 'press', 'speech', 'censorship', 'prison', 'punishment', 'crime', 'court', 'judge', 'jury',
  'family', 'patriarchy', 'gender', 'race', 'nationalism', 'internationalism', 'movement', 'protest', 'insurrection', 'uprising',
  'tactics', 'strategy', 'program', 'platform', 'manifesto', 'pamphlet', 'newspaper', 'debate', 'argument', 'evidence',
  'example', 'experience', 'practice', 'principle', 'ethics', 'morality', 'nature', 'individual', 'collective', 'self',
  'interests', 'incentives', 'motivation', 'responsibility', 'duty', 'obligation', 'contract', 'tradition', 'culture', 'science',
  'reason', 'progress', 'utopia', 'future', 'past', 'transition', 'period', 'stage', 'dialectic', 'materialism',
  'idealism', 'marxism', 'leninism', 'trotskyism', 'syndicalism', 'mutualism', 'communism', 'liberalism', 'conservatism', 'fascism',
  'kronstadt', 'makhnovists', 'catalonia', 'aragon', 'paris', 'petrograd', 'moscow', 'barcelona', 'ukraine', 'spain',
  'bolsheviks', 'mensheviks', 'anarchists', 'marxists', 'liberals', 'socialists', 'syndicalists', 'communists', 'reformists', 'radicals',
  'famine', 'terror', 'purge', 'cheka', 'gulag', 'repression', 'resistance', 'defeat', 'victory', 'failure',
  'success', 'alternative', 'compromise', 'alliance', 'coalition', 'front', 'faction', 'split', 'betrayal', 'mistake',
] as const;

export const VERBS = [
  'abolish', 'create', 'defend', 'destroy', 'control', 'replace', 'organise', 'exploit', 'oppress', 'liberate',
  'seize', 'manage', 'plan', 'produce', 'distribute', 'share', 'own', 'rule', 'govern', 'represent',
  'elect', 'recall', 'decide', 'coordinate', 'centralise', 'decentralise', 'reform', 'overthrow', 'resist', 'strike',
  'negotiate', 'compete', 'cooperate', 'trade', 'tax', 'regulate', 'protect', 'enforce', 'punish', 'educate',
  'persuade', 'prove', 'refute', 'ignore', 'distort', 'misrepresent', 'explain', 'justify', 'require', 'prevent',
  'undermine', 'strengthen', 'weaken', 'sustain', 'transform', 'survive', 'collapse', 'emerge', 'wither', 'expand',
] as const;

export const ADJECTIVES = [
  'free', 'equal', 'democratic', 'authoritarian', 'libertarian', 'revolutionary', 'reformist', 'capitalist', 'socialist', 'anarchist',
  'centralised', 'decentralised', 'federal', 'local', 'global', 'national', 'economic', 'political', 'social', 'moral',
  'human', 'collective', 'individual', 'private', 'public', 'common', 'mutual', 'voluntary', 'compulsory', 'hierarchical',
  'bureaucratic', 'efficient', 'wasteful', 'just', 'unjust', 'violent', 'peaceful', 'rational', 'utopian', 'scientific',
  'historical', 'material', 'ideal', 'real', 'false', 'true', 'necessary', 'inevitable', 'impossible', 'possible',
  'working', 'ruling', 'middle', 'new', 'old', 'modern', 'traditional', 'radical', 'moderate', 'extreme',
] as const;

/** Words a sentence needs between the content words; most are English stop words, so they are not indexed. */
export const DETERMINERS = ['the', 'a', 'every', 'no', 'any', 'this', 'their', 'our', 'such'] as const;
export const MODALS = ['must', 'cannot', 'will', 'should', 'can', 'would', 'does not', 'always', 'never', 'may'] as const;
export const PREPOSITIONS = ['of', 'in', 'under', 'without', 'against', 'for', 'through', 'beyond', 'within', 'after'] as const;
export const CONNECTIVES = ['because', 'so', 'while', 'since', 'and', 'but', 'unless', 'until', 'just as', 'even when'] as const;

export const FIRST_NAMES = [
  'Peter', 'Mikhail', 'Emma', 'Rosa', 'Karl', 'Friedrich', 'Vladimir', 'Leon', 'Errico', 'Rudolf',
  'Voltairine', 'Pierre-Joseph', 'Alexander', 'Murray', 'David', 'Noam', 'Lucy', 'Nestor', 'Buenaventura', 'Federica',
  'Antonio', 'Hal', 'Grigory', 'Victor', 'Simone', 'Hannah', 'George', 'Adam', 'John', 'Mary',
  'Thomas', 'Jean-Jacques', 'Iain', 'Ursula', 'Gustav', 'Max', 'Benjamin', 'Lysander', 'Ricardo', 'Louise',
] as const;

export const LAST_NAMES = [
  'Kropotkin', 'Bakunin', 'Goldman', 'Luxemburg', 'Marx', 'Engels', 'Lenin', 'Trotsky', 'Malatesta', 'Rocker',
  'de Cleyre', 'Proudhon', 'Berkman', 'Bookchin', 'Graeber', 'Chomsky', 'Parsons', 'Makhno', 'Durruti', 'Montseny',
  'Gramsci', 'Draper', 'Zinoviev', 'Serge', 'Weil', 'Arendt', 'Orwell', 'Smith', 'Mill', 'Wollstonecraft',
  'Paine', 'Rousseau', 'McKay', 'Le Guin', 'Landauer', 'Stirner', 'Tucker', 'Spooner', 'Flores Magon', 'Michel',
] as const;

const ONSETS = ['b', 'br', 'c', 'd', 'dr', 'f', 'g', 'gr', 'k', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'st', 't', 'tr', 'v', 'z', 'sh', 'th'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
const CODAS = ['', 'n', 'r', 'l', 's', 'm', 'nd', 'rt', 'st', 'x'];
const SUFFIXES = ['ism', 'ist', 'ation', 'ity', 'ment', 'ology', 'ance', 'ery', 'ism', 'ics'];

/**
 * The long tail: invented jargon ("strovalism", "daremment"), one word each, distinct from the real
 * words and from each other. Deterministic for a seed.
 */
export function syntheticWords(count: number, seed: number): string[] {
  const rng = new Rng(seed);
  const taken = new Set<string>([...NOUNS, ...VERBS, ...ADJECTIVES]);
  const out: string[] = [];
  while (out.length < count) {
    const syllables = rng.int(1, 2);
    let w = '';
    for (let i = 0; i < syllables; i++) w += rng.pick(ONSETS) + rng.pick(VOWELS) + rng.pick(CODAS);
    w += rng.pick(SUFFIXES);
    if (w.length < 6 || taken.has(w)) continue;
    taken.add(w);
    out.push(w);
  }
  return out;
}
