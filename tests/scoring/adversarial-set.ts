/**
 * A human-judged adversarial answer set for the key-point scorer (issue 9).
 *
 * Who judged it: the project's engineers, reading each claim of the first pack
 * (packs/marxism-or-anarchism.yaml) with its reference rebuttal, as a debate coach would. Every answer
 * was written by hand for this file, in a club member's voice, against the ARGUMENT of the reference
 * rebuttal rather than its wording (key point texts were being reworded while this set was written).
 * The `keyPointsMade` lists are the judge's reading of which of the rebuttal's key points each answer
 * makes, by meaning: an answer that states a point in other words makes it; one that only names its
 * topic, or negates it, does not. Nothing here is derived from, sampled from or modelled on ArgKP-2021
 * or any other data set, so the scorer can be fitted on ArgKP and checked on this without leakage.
 *
 * Categories, per claim (ordering a judge expects: strong ≈ paraphrase > partial > offTopic, and
 * stuffed, arguesClaim below partial):
 * - strong: a real rebuttal making most or all key points, may cite one of the rebuttal's references;
 * - paraphrase: the same points as strong in clearly different words and sentence structure;
 * - partial: a genuine argument making one key point (two at most when the rebuttal has four or more);
 * - offTopic: a fluent argument from the same debate (often the answer to another claim of the pack)
 *   that makes none of this rebuttal's key points;
 * - stuffed: the key points' distinctive words and a reference code, with no sentence that argues;
 * - arguesClaim: an answer for the claim, in the rebuttal's vocabulary, negating its key points.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export const ANSWER_CATEGORIES = ['strong', 'paraphrase', 'partial', 'offTopic', 'stuffed', 'arguesClaim'] as const;
export type AnswerCategory = (typeof ANSWER_CATEGORIES)[number];

/** Categories for which the judge lists the key points made (the others make none by construction). */
export const JUDGED_CATEGORIES = ['strong', 'paraphrase', 'partial'] as const;
export type JudgedCategory = (typeof JUDGED_CATEGORIES)[number];

/** Inclusive word-count bounds per category; a keyword list is allowed to be short. */
export const WORD_RANGES: Readonly<Record<AnswerCategory, readonly [min: number, max: number]>> = {
  strong: [40, 160],
  paraphrase: [40, 160],
  partial: [40, 160],
  offTopic: [40, 160],
  stuffed: [6, 60],
  arguesClaim: [40, 160],
};

export type AdversarialClaim = {
  /** Slug of the claim in packs/marxism-or-anarchism.yaml; its rebuttal is the reference. */
  readonly claimSlug: string;
  /** 0-based indices into the reference rebuttal's keyPoints, as a human judge reads each answer. */
  readonly keyPointsMade: Readonly<Record<JudgedCategory, readonly number[]>>;
} & Readonly<Record<AnswerCategory, string>>;

/** What a judge would give an edge case, relative to the same claim's graded answers. */
export type EdgeVerdict =
  /** No key point made and no citation bonus: it should score as an off-topic answer does. */
  | 'nothing'
  /** No better than making its one point once: at most the claim's partial answer. */
  | 'atMostPartial'
  /** States points but withdraws them or argues the other side: below the claim's partial answer. */
  | 'belowPartial';

export type AdversarialEdgeCase = {
  readonly name: string;
  readonly claimSlug: string;
  readonly answer: string;
  readonly keyPointsMade: readonly number[];
  readonly verdict: EdgeVerdict;
  /** The judge's reason, for the failure message. */
  readonly why: string;
};

export const ADVERSARIAL_SET: readonly AdversarialClaim[] = [
  {
    claimSlug: 'anarchists-see-the-state-as-the-main-evil',
    strong:
      "Engels is attacking a position nobody holds. Open any anarchist text and you find capitalism attacked just as hard as the state; Bakunin and Kropotkin spent more ink on the bosses than on the police. And it isn't only those two: anarchists object to hierarchy wherever it shows up, in the family, the workplace, the church. Nor do we want to get rid of the state first and deal with capital later. The whole point is that both go together, in the same revolution, because each props the other up (H.2.4).",
    paraphrase:
      'Read a single pamphlet by a libertarian communist and you will see landlords and employers get it in the neck no less than governments do. The objection runs wider still: any arrangement where some people command and others obey, in the factory, the household or the barracks, is a target. And the plan was never to tear down the government and leave the employers in place until some later date. Private ownership of the means of production and the apparatus of rule are meant to be dismantled in a single upheaval, since neither survives long without its partner.',
    partial:
      "I don't buy that anarchists forget about capital. Kropotkin's Conquest of Bread is one long argument for expropriating the owners, and Bakunin fought Marx over politics, not over whether the rich should be dispossessed. You can disagree with anarchists about plenty, but they were never soft on capitalism; they hate the bosses as much as the government.",
    offTopic:
      'The Kronstadt sailors in 1921 demanded freely elected soviets, freedom of speech for the socialist parties and an end to grain requisitioning. Those were the same demands the Petrograd strikers had raised a few weeks earlier, and the Bolsheviks answered both with the Cheka and the army. Calling it a White plot was convenient propaganda, not history.',
    stuffed: 'anarchists capitalism state hierarchy abolish same time capitalism state oppose all forms hierarchy H.2.4',
    arguesClaim:
      "Let's be honest about where anarchist energy goes. It is not true that anarchists oppose capitalism as much as the state: Bakunin's quarrel with Marx was about the state, and capital came second. Talk of opposing all forms of hierarchy is a slogan; in practice the state is the main evil they fixate on. Nor do they plan to abolish the state and capitalism at the same time. They want the state gone first and assume exploitation will vanish with it. Engels was right that they lose sight of the economic power of the capitalist class.",
    keyPointsMade: { strong: [0, 1, 2], paraphrase: [0, 1, 2], partial: [0] },
  },
  {
    claimSlug: 'anarchists-have-no-idea-what-replaces-the-state',
    strong:
      "Anarchists had an answer to this as early as the 1860s. Bakunin wrote that the people themselves must steer the revolution, grouped in a free federation of workers' and peasants' associations built from the bottom up, through delegates with binding mandates who could be recalled at any moment. That is a system of workers' councils: organs to fight capital now and to take its place afterwards. Lenin only came round to councils in 1917, some fifty years after the anarchists got there (H.1.4).",
    paraphrase:
      'Libertarians had a concrete answer half a century before October. In the years of the First International, Bakunin sketched a free union of peasant and industrial bodies, rising from local assemblies to regional ones, each sending spokespeople tied to instructions and removable whenever their electors chose. Those bodies were meant to serve first as weapons of the labouring people against the employers and then as the very structure of the new society. Lenin discovered soviet rule only in the year of the revolution itself, long after.',
    partial:
      "Anarchists have always insisted that delegates carry binding mandates and can be recalled at any time by the people who sent them. That's a pretty specific idea about how decisions get made once the old authorities are gone, so 'no idea at all' seems unfair to me, even if the details are open to debate.",
    offTopic:
      "Even in 1917 the Bolshevik party did not behave like the disciplined machine of legend. Lenin's April Theses were met with hostility by the party's own leaders, and he had to go over their heads to the ranks, and threaten to resign, to get the insurrection approved. The party succeeded by breaking its own rules, not by following them.",
    stuffed:
      "1860s anarchists replace state Bakunin free federation bottom up delegates binding mandates revocable workers' councils fight capitalism replace Lenin 1917 five decades H.1.4",
    arguesClaim:
      "Anarchists have absolutely no idea what replaces the state. It is not true that they had said so since the 1860s: Bakunin's free federation built from the bottom up was a vague wish, not a plan. Delegates with binding mandates, revocable at all times, are a recipe for paralysis, and the workers' councils that would fight capitalism and replace it were Lenin's contribution in 1917, not something anarchists had reached five decades before. Only Marxism says concretely what replaces the smashed state: a workers' state.",
    keyPointsMade: { strong: [0, 1, 2, 3, 4], paraphrase: [0, 1, 2, 3, 4], partial: [2] },
  },
  {
    claimSlug: 'anarchists-reject-all-authority',
    strong:
      "This comes straight from Engels' 'On Authority', a polemic built on straw men rather than on anything anarchists wrote. Anarchists never rejected 'all' authority: Bakunin happily deferred to the bootmaker on boots and the engineer on railways. What we oppose is authority that rests on power over others, not expertise or agreement freely given. And since the 'anti-democratic' charge rests on that caricature, it falls with it; it is as inaccurate as the pamphlet it comes from (H.4).",
    paraphrase:
      "That line of attack goes back to an 1872 essay by Marx's collaborator, and the essay knocks down a position of its own invention. No libertarian writer has said every form of direction or expertise must go; the target is coercive command, the right of some to rule others. Consulting a specialist or agreeing to a shared timetable in a factory isn't what anyone wants to scrap. Once you see the starting premise is false, the conclusion that we are enemies of majority self-rule has nothing left to stand on.",
    partial:
      "I'd say anarchists don't actually reject every kind of authority. Nobody I know objects to following a doctor's advice or a train timetable. What they object to is being ruled, which is a pretty big difference, and the claim glosses over it completely.",
    offTopic:
      "Lenin's What Is to Be Done? argued that workers on their own reach only trade union consciousness, and that socialist ideas must be brought to them from outside by professional revolutionaries. That premise is what made it so easy, after 1917, to treat workers who disagreed with the party as backward or petty-bourgeois.",
    stuffed: 'Engels; On Authority; straw man; reject all authority; anti-democratic; inaccurate; diatribe; H.4',
    arguesClaim:
      "Anarchists reject all authority, and Engels' 'On Authority' simply says so; it is not a straw man, it is accurate. A factory, a railway, a ship at sea all need someone's will imposed, and a revolution is the most authoritarian thing there is. Anarchists do reject all authority, whatever they say now, so the charge that anarchism is anti-democratic is not inaccurate: it follows directly. The charge is accurate, not inaccurate.",
    keyPointsMade: { strong: [0, 1, 2], paraphrase: [0, 1, 2], partial: [1] },
  },
  {
    claimSlug: 'anarchism-is-the-most-anti-democratic-ideology',
    strong:
      "Draper can't be serious. Is anarchism really less democratic than fascism, monarchy, Stalinism, or Trotsky with his 'dictatorship of the party'? The real complaint is that anarchists won't bow to every majority. But a majority can get it wrong, and when it does a minority has the right, sometimes the duty, to rebel. In 1914 the SPD deputies voted war credits and the anti-war minority fell in line. Was that the democratic thing to do? And would a Marxist really tell postal workers to drop a wildcat strike because it started with a minority after a ballot had said no (H.2.11)?",
    paraphrase:
      "Set that label next to Mussolini, the Tsar, the Gulag or a theorist of one-organisation rule and it looks absurd. What the critic resents is that we don't treat a headcount as infallible. A vote can get it badly wrong, and those outvoted are entitled, obliged even, to resist. Remember August 1914: Liebknecht and the other opponents of the slaughter in the German socialist caucus obeyed its discipline and backed the Kaiser's war budget. Should they have? Or take the post office staff who walked out unofficially after their union's poll went against action: begun by a handful, yet would any socialist cross their picket line?",
    partial:
      "Democracy isn't the same as doing whatever 51 per cent say. A majority can be wrong, and a minority has every right to resist it when it is. The claim treats majority decisions as sacred, and I don't think any socialist really believes that when it counts.",
    offTopic:
      "Anarchists didn't need hindsight to see where Bolshevism would go. Bakunin warned in the 1870s that a people's state run by a revolutionary elite would become a new tyranny over the workers, and that prediction was on paper half a century before 1917. Calling the anarchist critique wisdom after the event gets the dates backwards.",
    stuffed:
      'fascism monarchism Stalinism Trotsky dictatorship of the party majority wrong minorities right duty rebel 1914 war credits SPD minority wildcat strikes postal workers ballot Draper H.2.11',
    arguesClaim:
      "Anarchism is the most anti-democratic ideology because it refuses the decisions of the majority. It is not true that the majority can be wrong in any sense that gives minorities the right to rebel; that is just elitism. The SPD's anti-war minority in 1914 was not wrong to go along with the majority on war credits: that is what democracy costs. And Marxists would oppose wildcat strikes by a minority against a ballot, because unity matters. Comparing us to fascism, Stalinism or party dictatorship changes nothing.",
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [1] },
  },
  {
    claimSlug: 'leninists-are-the-consistent-democrats',
    strong:
      "Consistent democrats? Once in power the Bolsheviks threw democracy out whenever it was inconvenient and then dressed that up in theory. Lenin and Trotsky both openly defended the dictatorship of the party. They argued the party must override the 'wavering' of the masses when workers voted the wrong way. Elected soldiers' and factory committees were replaced by appointed officials with 'dictatorial' powers. And when soviet elections went against them, they rigged the representation or simply dissolved the soviet (H.6).",
    paraphrase:
      'Look at the record after October rather than the programme. The ruling organisation dropped popular sovereignty the moment it became a nuisance, and supplied a doctrine to explain why. Both its chief leaders wrote in defence of one organisation monopolising rule. When the rank and file changed its mind, that was brushed aside as vacillation to be corrected from on high. Army and workshop bodies chosen by the ranks gave way to commissars and directors named from the centre with unlimited say. Local councils had their seats redrawn to manufacture majorities, and those that still returned Mensheviks or SRs were closed down.',
    partial:
      "In spring 1918 the Bolsheviks lost soviet elections in town after town, and their answer was to pack the soviets with their own delegates or dissolve them outright. That is not what consistent democrats do. I'd leave the rest of the argument to the historians.",
    offTopic:
      "Kropotkin never promised an overnight utopia. In The Conquest of Bread he warned that a social revolution would disrupt trade and industry for a long time, and that people would have to organise the food supply themselves from the first day. Anarchists expect a hard transition; they just don't think a state should run it.",
    stuffed:
      'Marxists power rejected democracy ideology Lenin Trotsky dictatorship of the party overrode masses wavering committees appointees dictatorial Bolsheviks gerrymandered soviets disbanded H.6',
    arguesClaim:
      "Leninists are the consistent democrats. It is not true that in power Marxists rejected democracy when it suited them; they defended soviet democracy against the Whites. Lenin and Trotsky did not argue for the dictatorship of the party as a principle, only as a wartime necessity. The party never overrode the masses' decisions as mere wavering, and committees were not replaced by appointees with dictatorial power except where the army needed discipline. The Bolsheviks did not gerrymander soviets; it is anarchism that is anti-democratic.",
    keyPointsMade: { strong: [0, 1, 2, 3, 4], paraphrase: [0, 1, 2, 3, 4], partial: [4] },
  },
  {
    claimSlug: 'centralisation-is-necessary',
    strong:
      'Centralisation is the problem, not the solution. When decisions are pulled into a central body, the mass of people are shut out of them: participation withers and the population is pushed to the margins. Power ends up in a handful of hands, and the most we get is to choose who will boss us rather than running our own affairs. By its nature a centralised structure is top-down and bureaucratic, built on an inequality of power between top and bottom. None of this means rejecting co-ordination. Anarchists co-ordinate through federations of workplace councils and communes whose delegates are elected, mandated and recallable (see B.2, I.5.2).',
    paraphrase:
      "Pile all the choices into one headquarters and ordinary people stop taking part; they become spectators. The deciding gets done by a small circle, and our say shrinks to electing which rulers we'll obey. That is not self-government. Such a setup always runs downward from the summit through layers of officials, and it only works because those above hold more clout than those beneath. Linking up struggles and planning an economy across regions is fine by us; linking up is not the same thing as handing command to a centre. Local assemblies send spokespeople with strict instructions who can be called back the moment they ignore them, and those spokespeople meet in wider bodies to plan jointly.",
    partial:
      "People who praise centralisation should ask who ends up holding the reins. Every centralised body I know of gives a small group the real power, and the rest of us are reduced to picking which masters we want every few years. That's not what I'd call socialism, whatever else you say for it.",
    offTopic:
      "The Bolsheviks never meant workers' control in the anarchist sense. By spring 1918 Lenin was praising one-man management, piece rates and Taylor's time-and-motion methods, and the factory committees were folded into the trade unions and then into the state's economic apparatus. The idea that the early Soviet economy was run by its workers is a myth its own architects would have rejected.",
    stuffed:
      'centralisation, participation, marginalises, population, power, few hands, masters, governing ourselves, top-down, bureaucratic, inequality of power, co-ordination, federation, councils, communes, mandated, recallable, delegates, B.2',
    arguesClaim:
      'Anarchists say centralisation hinders participation, but it is not true that centralisation hinders the participation of the many: a central congress of soviets is exactly how millions take part. It does not put power in a few hands; it gives the working class a single voice. Calling it top-down and bureaucratic ignores that its delegates are elected. And opposing centralisation is opposing co-ordination, whatever anarchists claim: federations of councils with recallable delegates fragment the class into parishes that cannot plan an economy or fight a war. Centralisation is necessary.',
    keyPointsMade: { strong: [0, 1, 2, 3, 4], paraphrase: [0, 1, 2, 3, 4], partial: [1] },
  },
  {
    claimSlug: 'the-workers-need-a-workers-state',
    strong:
      "Our objection to a 'workers' state' has nothing to do with leaving the revolution undefended; we argue for defending it with armed workers. It comes from a different idea of what a state is. A state concentrates power in the hands of a few at the centre. That's what it's for: it was designed to secure the rule of a minority class, and it keeps doing that whoever sits in it. Calling it just 'an instrument of class rule' skips the real question of who holds power, and that abstract definition is exactly what let the Bolsheviks call their own dictatorship the rule of the proletariat (H.3.7).",
    paraphrase:
      "Nobody on our side wants the revolution disarmed; the quarrel is elsewhere. Anarchists understand government as the gathering of decision-making into a small group at the summit. The machine was built, over centuries, so that a privileged layer could keep everyone else in line, and it goes on doing that job whatever banner flies over it. The Marxist formula treats it as a neutral tool any class can pick up, and so never asks who in practice gives the orders. That gap in the theory let Lenin's followers declare their own unchecked rule to be the proletariat's, and many believed it.",
    partial:
      "The trouble with calling the state 'an instrument of class rule' is that it never tells you who actually holds the power inside it. A definition that skips that question can be stretched to cover almost anything. I'd want Marxists to deal with that before asking me to trust their state.",
    offTopic:
      "Hal Draper's 'Two Souls of Socialism' is a good read, but the imagery of socialism from below was anarchist long before Draper. Proudhon and Bakunin wrote of organisation from the bottom up decades earlier, while Lenin said his own principle was to proceed from the top downward. Draper borrowed the language and gave it to the tradition that least deserved it.",
    stuffed:
      "workers' state, defend, revolution, state, concentration, power, few hands, minority, class rule, definition, who has power, Bolshevik, dictatorship, justify, instrument of class rule, H.3.7, H.1.3",
    arguesClaim:
      "The state is an instrument of class rule, and that definition is not metaphysical: it names exactly who has power, the ruling class. It is not true that the state as such concentrates power in a few hands or is designed for minority class rule; a workers' state is the majority ruling. The definition did not justify Bolshevik dictatorship, the civil war did. And anarchist opposition to the workers' state is about defending the revolution, whatever they say: without it they disarm the working class. The workers must make themselves the ruling class through their own state.",
    keyPointsMade: { strong: [0, 1, 2, 3, 4], paraphrase: [0, 1, 2, 3, 4], partial: [3] },
  },
  {
    claimSlug: 'the-vanguard-must-wield-state-power',
    strong:
      "Strip away the rhetoric and the question is simple: who holds power, the class or the party? Trotsky answers it plainly: the party. He wrote this in 1939, in exile, repeating what he had argued eighteen years earlier when he actually had power, so it's no slip of the pen. And notice the trick of the 'backward layers'. Measured against the vanguard every worker is backward by definition, so any disagreement can be overridden. That is a theory of party dictatorship, and Trotsky never hid from the conclusion; he defended the dictatorship of the party openly (H.3.8).",
    paraphrase:
      "What matters is whose hands the levers are in: the workers' own, or an organisation claiming to speak for them. In this quotation the answer is the organisation. He penned it on the eve of the Second World War, long after his fall, yet it is the same line he took in 1920 and 1921 as commissar of war. The 'lagging sections' clause is the giveaway: next to a self-appointed elite everyone lags, so whatever the masses decide can be set aside. That hands a permanent warrant to one organisation to rule alone, and the old commissar was happy to say so in as many words.",
    partial:
      "The debate isn't really about moods or vacillation. It comes down to one thing: does power rest with the working class, or with the party that says it represents the class? Trotsky's answer is plainly the party, and calling that workers' power is just a label.",
    offTopic:
      'The Makhnovist insurgents in Ukraine elected their commanders, held regional congresses of peasants and workers, and left the towns they took free to organise as they chose. They fought Denikin with real success while anarchist and socialist papers were printed side by side. Whatever you think of them, they were not the bandits of Soviet textbooks.',
    stuffed: 'working class and party and power and Trotsky and 1939 and vanguard and backward and party dictatorship and Appendix 3.1 Q15',
    arguesClaim:
      "The real question is not whether the working class or the party has power; that is a false opposition, because the party is the class's most conscious part. Trotsky in 1939 was not arguing for the vanguard's rule over the workers, only for leadership. It is not true that everyone is backward compared to the vanguard, and the argument does not justify party dictatorship: it recognises that moods swing and someone must hold the line. The masses vacillate, so a centralised vanguard armed with the state's resources is indispensable.",
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [0] },
  },
  {
    claimSlug: 'marxism-is-socialism-from-below',
    strong:
      "The imagery of 'from below' is ours, not Draper's: anarchists like Proudhon and Bakunin were talking about organisation from the bottom up decades before Marxists borrowed the phrase. And look at what Marxists actually build. The centralism they defend means decisions are taken at the top and handed down, so rule is exercised from above whatever the slogans say. That isn't a deviation either. Marxism's own roots, the conquest of state power and the central plan, are in socialism from above (H.3.2).",
    paraphrase:
      "The language of change rising up from the grassroots was coined by libertarians; it is in Bakunin's writings long before anyone in the Leninist camp used it. Meanwhile, the organisational model these people champion concentrates choices in a central committee that issues them downwards to everyone else, which is government by a summit however you dress it. It is no accident: the tradition was born in the idea of capturing the ministries and directing society through them, so its very foundation is elite-led.",
    partial:
      "Whatever Marxists say about 'below', their organisations run on centralism: the leadership decides and the membership carries out. In power that becomes the government deciding and the workers carrying out. The slogan sounds good on a poster, but I'd judge a movement by how it actually takes its decisions.",
    offTopic:
      'When Russian workers seized factories in 1917 they set up factory committees and tried to federate them into a national body. The Bolshevik leadership blocked the federation, put the committees under the trade unions and then under state economic bodies, and by 1920 was defending one-man management as a matter of principle.',
    stuffed: '#anarchists #first #from #below #centralism #from #above #rule #decisions #Marxism #rooted #above #H.3.2',
    arguesClaim:
      'Marxism is socialism from below: the self-emancipation of the working class. It is not true that anarchists used the idea of from below first; Marx wrote that the emancipation of the workers must be the act of the workers themselves. Marxist centralism does not mean rule from above; it means the democratic unity of the class. And Marxism is not rooted in socialism from above. Draper showed it is the opposite of the Fabians and Lassalle. We stand against socialism from above and for socialism from below.',
    keyPointsMade: { strong: [0, 1, 2], paraphrase: [0, 1, 2], partial: [1] },
  },
  {
    claimSlug: 'a-vanguard-party-is-needed',
    strong:
      "Look at how a vanguard party is built: a central committee at the top, branches taking orders at the bottom, discipline flowing down. That is a capitalist firm with red flags, centralised, top-down and hierarchical. An organisation like that reproduces the very society it claims to fight, and if it gets power it remakes the 'new' society in its own image. The founding idea that workers on their own only reach trade union consciousness is dangerous too: if the class can't think for itself, the party must think and rule for it, which is party dictatorship in embryo. Once the Bolsheviks were in power, any worker who disagreed was written off as 'petty-bourgeois' (H.5).",
    paraphrase:
      "The 'party of a new type' copies the boardroom: a small directing circle, orders passed down a chain of command, members ranked above members. Build your movement like a corporation and you get a corporate society; an outfit with that shape, once it wins, stamps its own pattern on everything it governs. Lenin's premise that wage earners left alone will only bargain over pay and hours already contains the answer to who should rule after the revolution: the enlightened few, not the many. And when workers did object to the line after 1917, they were told their objection was the voice of the small shopkeeper, not of the proletariat.",
    partial:
      "What bothers me about the vanguard idea is what happens to dissent. In Russia, workers who criticised the party line weren't answered; they were labelled 'petty-bourgeois' and that was the end of the discussion. A party that treats disagreement as the voice of a class enemy is not going to lead anyone anywhere good.",
    offTopic:
      "The Friends of Durruti didn't abandon anarchism in 1937. Their call for a revolutionary junta came out of the CNT's own tradition of defence committees, and their programme still rejected any party taking power for itself. Reading it as a conversion to Trotskyism says more about the reader than about Balius and his comrades.",
    stuffed:
      '#vanguard #centralised #top-down #hierarchical #capitalist #recreates #society #own #image #trade #union #consciousness #party #dictatorship #opposition #petty-bourgeois #H.5',
    arguesClaim:
      "It is not true that the vanguard party is organised like capitalism; democratic centralism is the opposite of a boss's hierarchy, since the members elect the centre. Nor does it recreate the society it opposes or rebuild anything in its own image: it dissolves into the class once the revolution wins. The trade union consciousness point is simply a fact, and it does not lay the ground for party dictatorship to say so. Opposition was not merely dismissed as petty-bourgeois; some of it really was. A centralised vanguard is needed to bring socialist consciousness to the class.",
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [3] },
  },
  {
    claimSlug: 'marxists-stand-for-workers-control',
    strong:
      "The Bolsheviks talked about workers' control in 1917 and dropped it within months in favour of one-man management, because Lenin never saw workers' self-management as the heart of socialism. They didn't treat that as a regrettable retreat either; they defended it as correct and never called it a mistake. In practice the factory committees were undermined, blocked from federating with each other, and the factories passed to the state bureaucracy. And Lenin argued for, and brought in, piecework and Taylorism, the speed-up methods of American capitalism (H.3.14).",
    paraphrase:
      "'Control' lasted about as long as it took to consolidate the new government. By 1918 Lenin was insisting that each enterprise be run by a single appointed director with full authority, and the party later defended this as a principle rather than apologising for it as a concession to hard times. The elected shop-floor bodies were starved of powers, barred from linking up nationally and replaced by the economic ministries. On top of that came pay by the piece and the stopwatch system of time-and-motion study that Lenin had once called the enslavement of man by the machine.",
    partial:
      "Lenin praised Taylor's system of scientific management and brought piece rates back into Soviet factories in 1918. I find it hard to square that with workers running production. Maybe there's an explanation, but that's what he did, and stopwatches on the shop floor are not what most people mean by socialism.",
    offTopic:
      "Engels' 'On Authority' argues that a ship at sea or a railway needs someone's will imposed, and concludes that anarchists, who supposedly reject all authority, cannot run anything. But anarchists distinguish the authority of expertise or free agreement from the authority of command backed by force, and only the second is what they reject.",
    stuffed:
      "workers' control / one-man management / mistake / retreat / factory committees / state bureaucracy / piecework / Taylorism / H.3.14 / Appendix 3.2 Q17",
    arguesClaim:
      "Marxists have always stood for workers' control. It is not true that Bolshevik support for it was abandoned for one-man management; one-man management was a temporary retreat, openly admitted as a mistake forced by collapse. The Bolsheviks did not undermine the factory committees or hand the factories to a state bureaucracy: they merged the committees into the unions to strengthen them. Piecework and Taylorism were emergency measures to save production, not a programme. The Bolsheviks championed workers' control in 1917 and meant it.",
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [3] },
  },
  {
    claimSlug: 'the-civil-war-caused-bolshevik-authoritarianism',
    strong:
      "The timeline kills this excuse. The Bolsheviks were already disbanding soviets they lost, closing papers and replacing elected committees with appointees in the spring of 1918, before the civil war had properly begun, so the war can't be what caused it. If anything the war rescued them: it let them tell workers that the only choice was their dictatorship or a White one. The war made their authoritarianism worse; it didn't create it. And Lenin himself said a revolution inevitably brings civil war, so pleading that things would have been fine without it means pleading that the inevitable shouldn't have happened (H.6.1).",
    paraphrase:
      "Check the dates. Soviets with Menshevik majorities were dissolved, factory committees sidelined and the Cheka at work in the first half of 1918, while the big armies of Denikin and Kolchak were still forming. The fighting, far from ruining Lenin's government, kept it alive: faced with generals and landlords, many who hated the commissars backed them as the lesser evil. The emergency sharpened habits the party already had; it did not plant them. Besides, Lenin always said a revolution brings armed resistance from the old classes as surely as night follows day, and you cannot then blame what you yourself declared unavoidable.",
    partial:
      "I'd just ask my opponent to look at a calendar. The measures people blame on the war, dispersing soviets that voted the wrong way, the Cheka's raids on the Moscow anarchists, appointed managers, were in place in the first months of 1918, well before the fighting began in earnest. The war came afterwards.",
    offTopic:
      "Anarchists have never said workers should lay down their arms after a revolution. The proposal has always been a federation of communes with a workers' militia, as in the insurgent army in Ukraine or the CNT militias of 1936. Rejecting a workers' state is a question of who holds power, not a refusal to defend the revolution.",
    stuffed: 'authoritarian + before + civil war; saved; Bolsheviks; Whites; dictatorship; increased; not create; Lenin; inevitable; H.6.1',
    arguesClaim:
      "It is not true that Bolshevik authoritarianism began before the civil war: the first months were the freest in Russian history, and the war began the moment the Czech Legion rose and the Allies landed. The civil war did not save the Bolsheviks; it nearly destroyed them. It did not merely increase authoritarian tendencies, it created them, out of the need to survive. Lenin's remark that civil war is inevitable changes nothing when fourteen armies of intervention forced every measure. The war, not Bolshevik ideas, caused the degeneration.",
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [0] },
  },
  {
    claimSlug: 'the-working-class-was-declassed',
    strong:
      "The Russian working class shrank, no question, but it never stopped acting collectively; that action just gets written out of the story because it was aimed at the Bolsheviks. Strikes against the regime started in 1918, and so did the crackdowns. Throughout the civil war years, and before and after them, strikers met martial law, lockouts, mass arrests and the shooting of 'ringleaders'. Why would you need all that against a class that had disappeared? And note when Lenin started saying the workers were 'declassed': when their protests were rising, not when they fell silent (H.6.3).",
    paraphrase:
      "Fewer people worked in the mills by 1920, but those who remained went on organising together, walking out and passing resolutions; awkward facts, since their target was the ruling party, so they vanish from the official accounts. From the first months the government met stoppages with force: states of siege, plants shut and whole workforces sacked, so-called agitators rounded up by the hundred. You don't send troops against a class that no longer exists. The theory of the dissolved proletariat was Lenin's answer to mounting unrest: workers who turned against him were declared not to be real workers.",
    partial:
      "If the working class had truly vanished, why did the government need to declare martial law in Petrograd, lock out whole factories and make mass arrests? Nobody mobilises that kind of force against a class that isn't there. That's all I'd say on it, but I think it's enough.",
    offTopic:
      'In 1917 and 1918 Lenin wrote that state capitalism would be a step forward for Russia, and that socialism was nothing but state-capitalist monopoly made to benefit the whole people. That is a vision built on the banks and trusts of capitalism, with nationalisation as the measure of progress rather than workers running their own workplaces.',
    stuffed:
      'reduced, collective action, workers, strikes, Bolsheviks, repression, martial law, lockouts, mass arrests, ringleaders, disappeared, declassed, Lenin, protest, H.6.3',
    arguesClaim:
      'By 1921 the working class had disappeared. It is not true that the Russian workers, reduced in number, still took meaningful collective action: the best had gone to the front or the countryside. The strikes against the Bolsheviks were small, the work of declassed elements and peasants in overalls, and martial law and lockouts were aimed at speculators, not at a class. Lenin did not develop the declassed argument in response to protest; he described a fact. With no class left to hold power, the party had to hold it for them.',
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [2] },
  },
  {
    claimSlug: 'kronstadt-was-an-isolated-revolt',
    strong:
      "Kronstadt didn't come out of nowhere. Just before it, Petrograd's factories were on strike, and that was nothing new: all through the civil war, and before and after it, Russian workers downed tools against the Bolsheviks to defend their interests. Each time the regime answered with martial law, lockouts, mass arrests and firing squads. The sailors' revolt was one episode in a long wave of working class protest, and it was crushed the same way the others were (Appendix 4.2).",
    paraphrase:
      "The March 1921 rising was one link in a chain. Factory hands in Petrograd and Moscow walked out again and again from 1918 onward, demanding bread, free soviets and an end to the Cheka's grip, and they kept doing it while the fighting with Denikin and Kolchak raged. The government's reply never changed: a state of siege, gates locked and pay stopped, whole shifts taken into custody, agitators put against a wall. The fleet was simply the part of that movement that had rifles.",
    partial:
      "I've always found it telling how the Bolsheviks dealt with the sailors: troops across the ice, executions, the survivors sent to camps. That is how they treated people who complained about their rule. Whatever the sailors wanted, the response tells you what kind of regime this was.",
    offTopic:
      "In Aragon in 1936 the villages collectivised the land by assembly, abolished money in some places and set up a regional federation of collectives. The Council of Aragon was dissolved by the Republican government a year later, with Líster's troops breaking up the collectives. It's the part of the Spanish story Marxist accounts leave out.",
    stuffed:
      'Kronstadt isolated occurrence workers strikes Bolsheviks civil war martial law lockouts arrests shootings repression protest Appendix 4.2 H.6.3',
    arguesClaim:
      'Kronstadt was an isolated occurrence. It is not true that workers struck against the Bolsheviks throughout the civil war; the odd strike happened, but the class stood behind soviet power. The sailors of 1921 were new peasant recruits, not the heroes of 1917, and their revolt had no support in Petrograd. Repression of working class protest is the wrong description: it was the suppression of a mutiny in a fortress the Whites could have used, and it had to be done.',
    keyPointsMade: { strong: [0, 1, 2], paraphrase: [0, 1, 2], partial: [2] },
  },
  {
    claimSlug: 'bolshevik-authoritarianism-was-a-necessity',
    strong:
      "The Makhnovists in Ukraine disprove this. An anarchist-influenced movement fought the Whites successfully, wrecking Denikin's rear, and did it without setting up, or theorising, a party dictatorship. Where they held territory they called free soviet congresses and allowed workers and peasants freedom of speech, press, organisation and assembly, Bolsheviks included. They argued for workers managing production themselves, and their army elected its commanders. So the Bolshevik road wasn't forced by objective circumstances alone: the ideology did its share, and the politics you carry into a revolution matter (Appendix 4.6).",
    paraphrase:
      "Ukraine's insurgent army is the counter-example. Inspired by libertarian ideas, it took on Denikin's and Wrangel's forces and held its own, yet no single organisation was ever declared sole ruler. Villages and towns under its protection ran their own congresses; anyone could print a paper, hold a meeting or form a group. It urged factory and railway staff to take charge of their own workplaces, and its fighters voted on who would lead them. If a movement facing the same war made different choices, then the regime in Moscow owed something to what its rulers believed, not just to the hand they were dealt.",
    partial:
      "One thing I'd point to is Makhno's army choosing its own commanders by vote, and its call for workers to run their own factories. That is a very different picture from Trotsky's Red Army. I'm not sure it settles everything, but it shows another way was at least imagined.",
    offTopic:
      "Lenin's State and Revolution promised a state where every official was elected, recallable and paid a worker's wage, with the standing army replaced by the armed people. Within months of October the Bolsheviks had a secret police, appointed officials and a conscript army. Quoting the pamphlet tells you what Lenin wrote in 1917, not what his party did.",
    stuffed:
      'Makhnovists, Whites, party dictatorship, soviet democracy, freedom of speech, organisation, assembly, self-management, elected officers, ideology, objective factors, Appendix 4.6',
    arguesClaim:
      'Bolshevik authoritarianism was a necessity. People point to the Makhnovists, but it is not true that they beat the Whites without party dictatorship: Wrangel was beaten by the Red Army, with Makhno as a junior ally. Their soviet democracy and freedom of speech and assembly lasted only where the front was quiet, and elected officers and self-management were the luxuries of a partisan band. Ideology played no role; objective factors, war, famine and encirclement, explain everything. Only a centralised party dictatorship could have defeated the Whites.',
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [2] },
  },
  {
    claimSlug: 'spain-proves-anarchism-failed',
    strong:
      "For people who call themselves materialists, Marxists are remarkably idealist about Spain: they ignore the objective circumstances the CNT-FAI faced in July 1936 and judge it by ideas alone, which is odd given how Trotskyists explain Stalin by circumstances. More importantly, the CNT did not destroy the state or set up a federation of workers' councils, which is exactly what anarchism calls for. So anarchism was not applied in Catalonia, and you can't blame a theory for what happens when it isn't used. Where it was applied, in Aragon, the anarchists built a federation of workers' and peasants' collectives, as Bakunin had argued (I.8.11).",
    paraphrase:
      'Critics who pride themselves on materialism suddenly forget material conditions when it comes to Barcelona: the army revolt, the isolation and the real balance of forces in 1936 are all left out, as if only bad ideas were at work. Yet the Confederation left the Generalitat standing and never built a council system to take its place, the opposite of what its own doctrine prescribed. Condemning a doctrine for results obtained by not following it makes no sense. In the eastern half of the region around Zaragoza, where the militants did carry out their programme, villages and workplaces linked up into one regional body of collectives, just as the old libertarian writers had proposed.',
    partial:
      "The CNT in 1936 never actually got rid of the Catalan government. The Generalitat stayed where it was, and no system of workers' councils replaced it. I think that's worth remembering whenever someone says Spain put anarchism to the test, though I'd admit the whole story is complicated.",
    offTopic:
      'The civil war started in earnest in mid-1918 with the revolt of the Czech Legion. By then the Bolsheviks had already closed opposition papers, dispersed the Constituent Assembly and disbanded soviets that elected Menshevik and SR majorities. Whatever the war later did, the pattern was set before a single White army marched on Moscow.',
    stuffed:
      "objective circumstances CNT FAI idealism materialism destroy the state workers' councils not applied theory blamed not applied Aragon federation workers' associations Bakunin Catalonia I.8.11 Appendix 3.2 Q20",
    arguesClaim:
      "Spain decisively showed the failure of anarchism. It is not true that Marxists ignore the objective circumstances the CNT-FAI faced; we simply note that every revolution faces them. The CNT did not destroy the state or create workers' councils precisely because anarchist theory gave it no idea how to, so the theory is to blame, and it is not true that anarchism was not applied. It was applied, and it collaborated. Aragon's federation of workers' associations was a local exception that proves nothing. Refusing a revolutionary government doomed the revolution.",
    keyPointsMade: { strong: [0, 1, 2, 3], paraphrase: [0, 1, 2, 3], partial: [1] },
  },
  {
    claimSlug: 'cnt-collaboration-came-from-anarchist-theory',
    strong:
      "You can't judge the CNT's choice without its context, which Marxist accounts skip. The militants collaborated because they feared Franco and didn't want to split the forces fighting him, and because the CNT was isolated: strong in Catalonia, weak in much of Spain. The decision was taken in Barcelona on 20 July, the day after the army was beaten in the streets there, when nobody knew what was happening in the rest of the country. A CNT report of 1937 put the dilemma plainly: either smash the state and fight Franco's rebels, the Republic and foreign capital all at once, or work with the others. It was the wrong decision. But it came out of that situation, not out of anarchist theory, which says the opposite (I.8.10).",
    paraphrase:
      "Put yourself in the Catalan capital the morning after the generals' rising was crushed in its streets. News from Madrid, Seville and the rest was fragmentary; the Confederation was powerful at home but a minority elsewhere; and the overriding worry was that any split in the republican camp would hand victory to the fascist army. The Confederation's own later account framed it as a stark fork: tear down the Republic's institutions and take on the generals, the ministers and the overseas investors simultaneously, or join the anti-fascist coalition. In that fog the militants opted to sit alongside the politicians. It was a mistake, and many said so at the time. But it was a response to those pressures, and nothing in Bakunin or the libertarian programme told them to do it.",
    partial:
      "The CNT joined the anti-fascist front because it was terrified of Franco winning and didn't want to be the ones who split the republican side. You can think that was naive, but fear of fascism was the driving motive, and I think that's what the claim misses.",
    offTopic:
      "Trotsky's remedy for Spain was for a revolutionary party to seize power and exercise its own dictatorship. That's a strange idea of workers' power: a party ruling in the workers' name is still a party ruling over them. The Catalan anarchists were right to reject it, whatever else they got wrong.",
    stuffed:
      'Franco; collaborate; divide; isolation; Spain; Barcelona; 20 July; unknown; wrong decision; circumstances; not theory; 1937 CNT report; I.8.10; I.8.11',
    arguesClaim:
      "The CNT's collaboration was the logical product of anarchist theory. It is not true that it was driven by fear of Franco or a wish not to divide the forces; it was driven by having no theory of power. Isolation in Spain is no excuse, since the CNT dominated Catalonia. Barcelona on 20 July was the moment to take power, and the unknown situation elsewhere was irrelevant. It was not a wrong decision made out of circumstance: it followed from anarchist theory, which left the anarchists nothing to put in the state's place.",
    keyPointsMade: { strong: [0, 1, 2, 3, 4], paraphrase: [0, 1, 2, 3, 4], partial: [0] },
  },
];

/** Hand-written answers at the edges, each with what a judge would give it. */
export const ADVERSARIAL_EDGE_CASES: readonly AdversarialEdgeCase[] = [
  {
    name: 'empty-ish answer',
    claimSlug: 'centralisation-is-necessary',
    answer: 'No. Wrong, I disagree.',
    keyPointsMade: [],
    verdict: 'nothing',
    why: 'disagreement with no reason given makes no point',
  },
  {
    name: 'one sentence repeated',
    claimSlug: 'kronstadt-was-an-isolated-revolt',
    answer: Array.from({ length: 8 }, () => 'Kronstadt was not an isolated revolt.').join(' '),
    keyPointsMade: [0],
    verdict: 'atMostPartial',
    why: 'it makes one point, and saying it eight times does not make it more than once',
  },
  {
    name: 'answer made of quotes of the claim',
    claimSlug: 'centralisation-is-necessary',
    answer:
      '"The revolution and the new society need centralisation." "Concentrating decision-making in central bodies is the only way to co-ordinate the struggle and the economy effectively." "Decentralised federalism would fragment the working class."',
    keyPointsMade: [],
    verdict: 'nothing',
    why: 'quoting the claim back rebuts nothing',
  },
  {
    name: 'makes the points, then concedes the claim',
    claimSlug: 'the-civil-war-caused-bolshevik-authoritarianism',
    answer:
      'The Bolsheviks were closing soviets and newspapers in early 1918, before the civil war began. The war only made their authoritarianism worse, and Lenin himself called civil war an inevitable result of revolution. But actually the claim is right: the war, not Bolshevik ideas, caused the degeneration, and I was wrong to say otherwise.',
    keyPointsMade: [],
    verdict: 'belowPartial',
    why: 'the points are stated and then withdrawn; as a rebuttal the answer concedes the claim',
  },
  {
    name: "the rebuttal's reference and nothing else",
    claimSlug: 'the-civil-war-caused-bolshevik-authoritarianism',
    answer: 'See H.6.1 and Appendix 4.3.',
    keyPointsMade: [],
    verdict: 'nothing',
    why: 'a citation with no argument earns no point, so no citation bonus either',
  },
  {
    name: 'the right reference on an off-topic argument',
    claimSlug: 'centralisation-is-necessary',
    answer:
      'Kropotkin warned that a social revolution would disrupt trade and industry for a long time, so anarchists never expected an instant utopia (B.2).',
    keyPointsMade: [],
    verdict: 'nothing',
    why: 'the citation bonus applies only when the answer makes a key point',
  },
  {
    name: 'generic words of the topic',
    claimSlug: 'the-workers-need-a-workers-state',
    answer: 'State. Marxism. Anarchists. Power. The workers. Revolution.',
    keyPointsMade: [],
    verdict: 'nothing',
    why: 'single generic words make no key point',
  },
  {
    name: "dictatorship 'of' the proletariat, not 'over' it",
    claimSlug: 'marxism-means-democratic-control-from-below',
    answer:
      'The dictatorship of the proletariat is the rule of the working class as a whole, through its own elected and recallable bodies, and that is what the Bolsheviks established in 1917.',
    keyPointsMade: [],
    verdict: 'nothing',
    why: 'it argues the claim; the key point is that it becomes a dictatorship over the proletariat',
  },
];

/** Words as a judge counts them: whitespace-separated tokens holding a letter or a digit. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

export const FIRST_PACK_PATH = fileURLToPath(new URL('../../packs/marxism-or-anarchism.yaml', import.meta.url));

export type ReferenceRebuttal = {
  readonly claimSlug: string;
  readonly claimText: string;
  readonly topics: readonly string[];
  readonly rebuttalSlug: string;
  readonly rebuttalText: string;
  readonly keyPoints: readonly string[];
  readonly refs: readonly string[];
};

const packShape = z.object({
  claims: z.array(
    z.object({
      slug: z.string().min(1),
      text: z.string().min(1),
      topics: z.array(z.string()).optional(),
      rebuttals: z
        .array(
          z.object({
            slug: z.string().min(1),
            text: z.string().min(1),
            keyPoints: z.array(z.object({ text: z.string().min(1) })).min(1),
            refs: z.array(z.string()).optional(),
          }),
        )
        .min(1),
    }),
  ),
});

/**
 * The reference rebuttal of every claim in a pack file, by claim slug: the claim's first rebuttal (each
 * claim of the first pack has exactly one). Read fresh from the file, so the set is always checked
 * against the key points as they are worded now.
 */
export function loadReferenceRebuttals(packPath: string = FIRST_PACK_PATH): Map<string, ReferenceRebuttal> {
  const parsed = packShape.safeParse(parse(readFileSync(packPath, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${packPath}: not a pack with claims and rebuttals (${issue?.path.join('.')}: ${issue?.message})`);
  }
  const byClaim = new Map<string, ReferenceRebuttal>();
  for (const claim of parsed.data.claims) {
    const rebuttal = claim.rebuttals[0]!;
    byClaim.set(claim.slug, {
      claimSlug: claim.slug,
      claimText: claim.text,
      topics: claim.topics ?? [],
      rebuttalSlug: rebuttal.slug,
      rebuttalText: rebuttal.text,
      keyPoints: rebuttal.keyPoints.map((point) => point.text),
      refs: rebuttal.refs ?? [],
    });
  }
  return byClaim;
}
