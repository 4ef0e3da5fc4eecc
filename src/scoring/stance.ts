import { sentences, tokens } from './text.ts';

/**
 * Whether an answer ends up conceding the claim it should rebut ("but actually the claim is right",
 * "I agree with the claim"). Such an answer argues the opponent's side, so it makes no key point,
 * whatever else it says. Deliberately narrow: it needs the answer to name the claim (or the charge,
 * the argument, the opponents) and approve it, with no negation in that sentence, so that "Engels is
 * right that…, but" style rebuttals are not caught.
 */
const SUBJECT =
  /\b(?:the|this|that|their|his|your|opponent'?s?)\s+(?:claim|charge|argument|criticism|critique|case|point|position|objection)s?\b|\b(?:they|marxists|leninists|trotskyists|bolsheviks|critics|opponents)\b/;
const APPROVAL =
  /\b(?:is|are|was|were|remains?|stands?)\s+(?:(?:entirely|completely|quite|basically|actually|simply|in fact|absolutely)\s+)?(?:right|correct|true|accurate|valid|sound|justified|fair)\b/;
const AGREEMENT =
  /\b(?:i|we)\s+(?:(?:fully|completely|actually|basically|have to|must)\s+)*(?:agree|concede|accept)\s+(?:with\s+)?(?:the|this|that|their|your)\s+(?:claim|charge|argument|criticism|critique|case|point|position)\b/;
const NEGATION = /\b(?:not|no|never|hardly|neither|nor)\b|n't\b/;

export function concedesClaim(answer: string): boolean {
  return sentences(answer).some((s) => {
    // "But actually the claim is right: the war, not Bolshevik ideas, …" — the concession is the first clause.
    const t = tokens(s.split(/[:;—–]|,\s*(?:and|but)\b/)[0] ?? s).join(' ');
    if (NEGATION.test(t)) return false;
    if (AGREEMENT.test(t)) return true;
    const approval = SUBJECT.test(t) ? APPROVAL.exec(t) : null;
    if (!approval) return false;
    // "they are right that…, but…" grants a detail on the way to a rebuttal; it is not a concession.
    const after = t.slice(approval.index + approval[0].length);
    return !/^\s*(?:that|to|in|about|on|when)\b/.test(after) && !/\bbut\b/.test(after);
  });
}
