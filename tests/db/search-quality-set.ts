/**
 * The search-quality set, shared by tests/db/search-quality.test.ts (Riposte's hits@5 on both
 * backends) and the benchmark's peer comparison (bench/peers.ts: Fuse.js, MiniSearch and naive
 * ILIKE on the same queries).
 */
export const QUALITY_PACK = 'packs/marxism-or-anarchism.yaml';

/**
 * What members type mid-argument, against the first pack: questions, names, half-remembered
 * phrases, paraphrases and misspellings; each with the claims that belong in the top five (any one
 * of them counts as a hit). Written from the pack by hand, as a member would type them.
 */
export const QUALITY_QUERIES: { query: string; expect: string[] }[] = [
  { query: 'anarchists think the state is the main evil', expect: ['anarchists-see-the-state-as-the-main-evil'] },
  { query: 'engels main evil', expect: ['anarchists-see-the-state-as-the-main-evil'] },
  { query: 'do anarchists reject class struggle', expect: ['anarchists-reject-collective-class-struggle'] },
  { query: 'anarchists only care about individuals', expect: ['anarchists-reject-collective-class-struggle'] },
  { query: 'what replaces the state', expect: ['anarchists-have-no-idea-what-replaces-the-state'] },
  { query: 'lenin no idea what to put in place of the state', expect: ['anarchists-have-no-idea-what-replaces-the-state'] },
  { query: 'bakunin federation of workers councils', expect: ['anarchists-have-no-idea-what-replaces-the-state'] },
  { query: 'anarchists lay down arms after the revolution', expect: ['anarchists-reject-defending-the-revolution'] },
  {
    query: 'how would anarchists defend the revolution',
    expect: ['anarchists-reject-defending-the-revolution', 'the-workers-need-a-workers-state'],
  },
  { query: 'socialism overnight', expect: ['anarchists-expect-socialism-overnight'] },
  { query: 'instant utopia', expect: ['anarchists-expect-socialism-overnight'] },
  { query: 'on authority', expect: ['anarchists-reject-all-authority'] },
  { query: 'engles authority', expect: ['anarchists-reject-all-authority'] },
  { query: 'anarchism is anti-democratic', expect: ['anarchism-is-the-most-anti-democratic-ideology', 'anarchists-reject-all-authority'] },
  {
    query: 'hal draper',
    expect: [
      'anarchism-is-the-most-anti-democratic-ideology',
      'marxism-means-democratic-control-from-below',
      'marxism-is-socialism-from-below',
    ],
  },
  { query: 'democratic control from below', expect: ['marxism-means-democratic-control-from-below'] },
  { query: 'recallable delegates', expect: ['marxism-means-democratic-control-from-below', 'read-state-and-revolution'] },
  { query: 'paris commune', expect: ['marxism-means-democratic-control-from-below'] },
  { query: 'bolsheviks were the real democrats', expect: ['leninists-are-the-consistent-democrats'] },
  { query: 'why do we need centralisation', expect: ['centralisation-is-necessary'] },
  { query: 'centralization', expect: ['centralisation-is-necessary'] },
  { query: 'workers state', expect: ['the-workers-need-a-workers-state'] },
  {
    query: 'dictatorship of the proletariat',
    expect: ['anarchists-slander-the-dictatorship-of-the-proletariat', 'the-vanguard-must-wield-state-power'],
  },
  { query: 'trotsky vanguard', expect: ['the-vanguard-must-wield-state-power'] },
  { query: 'vacillation of the masses', expect: ['the-vanguard-must-wield-state-power'] },
  { query: 'socialism from above', expect: ['marxism-is-socialism-from-below'] },
  { query: 'is leninism socialism from below', expect: ['leninism-is-socialism-from-below'] },
  { query: 'anarchists dont organise', expect: ['anarchists-reject-revolutionary-organisation'] },
  { query: 'anarchits reject organisation', expect: ['anarchists-reject-revolutionary-organisation'] },
  { query: 'trade union consciousness', expect: ['a-vanguard-party-is-needed'] },
  { query: 'vangaurd party', expect: ['a-vanguard-party-is-needed', 'the-russian-revolution-proves-vanguard-parties-work'] },
  { query: '1917 proves the vanguard party works', expect: ['the-russian-revolution-proves-vanguard-parties-work'] },
  { query: 'state capitalism', expect: ['socialism-builds-on-state-capitalism'] },
  { query: 'nationalisation', expect: ['socialism-builds-on-state-capitalism'] },
  { query: 'workers control', expect: ['marxists-stand-for-workers-control'] },
  { query: 'one-man management', expect: ['marxists-stand-for-workers-control'] },
  { query: 'we want the same thing', expect: ['anarchists-and-marxists-want-the-same-thing'] },
  { query: 'classless stateless society', expect: ['anarchists-and-marxists-want-the-same-thing'] },
  { query: 'the russian revolution shows marxism works', expect: ['the-russian-revolution-vindicates-marxism'] },
  { query: 'state and revolution', expect: ['read-state-and-revolution'] },
  { query: 'election of officers in the army', expect: ['appointed-officers-are-no-threat-to-workers'] },
  {
    query: 'civil war caused authoritarianism',
    expect: ['the-civil-war-caused-bolshevik-authoritarianism', 'bolshevik-authoritarianism-was-a-necessity'],
  },
  { query: 'zinoviev', expect: ['anarchists-slander-the-dictatorship-of-the-proletariat'] },
  { query: 'stalin betrayed lenin', expect: ['stalinism-was-a-break-with-leninism'] },
  { query: 'exceptional circumstances', expect: ['exceptional-circumstances-prevented-democracy'] },
  {
    query: 'objective factors',
    expect: [
      'exceptional-circumstances-prevented-democracy',
      'the-working-class-was-declassed',
      'the-civil-war-caused-bolshevik-authoritarianism',
    ],
  },
  { query: 'declased workers', expect: ['the-working-class-was-declassed'] },
  { query: 'famine', expect: ['the-working-class-was-declassed'] },
  { query: 'kronstadt', expect: ['kronstadt-was-an-isolated-revolt'] },
  { query: 'kronstad mutiny', expect: ['kronstadt-was-an-isolated-revolt'] },
  { query: 'Makhno', expect: ['bolshevik-authoritarianism-was-a-necessity'] },
  { query: 'makhnovists beat the whites', expect: ['bolshevik-authoritarianism-was-a-necessity'] },
  { query: 'anarchism has no alternative', expect: ['anarchism-has-no-workable-alternative'] },
  { query: 'spain 1936', expect: ['spain-proves-anarchism-failed'] },
  { query: 'cnt joined the government', expect: ['cnt-collaboration-came-from-anarchist-theory'] },
  { query: 'durutti', expect: ['friends-of-durruti-broke-with-anarchism'] },
  { query: 'trotsky on spain', expect: ['spain-needed-a-revolutionary-party-dictatorship'] },
  {
    query: 'trotksy party dictatorship',
    expect: ['spain-needed-a-revolutionary-party-dictatorship', 'the-vanguard-must-wield-state-power'],
  },
  { query: 'hindsight', expect: ['the-anarchist-critique-is-hindsight'] },
  { query: 'wisdom after the event', expect: ['the-anarchist-critique-is-hindsight'] },
];
