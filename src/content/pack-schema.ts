import { z } from 'zod';

/**
 * The pack file format (YAML or JSON). This zod schema is the reference; packs/FORMAT.md explains it.
 * Cross-record checks (unknown topic or reference, duplicate slugs) live in validate-pack.ts because
 * they need the whole file.
 */

const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens, e.g. "state-withers-away"');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const keyPointSchema = z.strictObject({
  /** A short statement a good answer should make. */
  text: text(300),
  /** Significant words or phrases the scorer looks for; derived from `text` when absent. */
  terms: z.array(text(60)).max(12).optional(),
});

export interface RebuttalInput {
  slug: string;
  text: string;
  keyPoints: z.infer<typeof keyPointSchema>[];
  refs: string[];
  rebuttals: RebuttalInput[];
}

export const rebuttalSchema: z.ZodType<RebuttalInput, unknown> = z.lazy(() =>
  z.strictObject({
    slug,
    text: text(4000),
    keyPoints: z.array(keyPointSchema).max(12).default([]),
    refs: z.array(text(60)).max(20).default([]),
    /** Counter-rebuttals: answers to this rebuttal. */
    rebuttals: z.array(rebuttalSchema).max(20).default([]),
  }),
);

export const claimSchema = z.strictObject({
  slug,
  /** The claim as its proponents would state it. */
  text: text(1500),
  attributedTo: text(200),
  topics: z.array(slug).max(12).default([]),
  refs: z.array(text(60)).max(20).default([]),
  rebuttals: z.array(rebuttalSchema).max(20).default([]),
});

export const quoteSchema = z.strictObject({
  /** Derived from speaker and text when absent. */
  slug: slug.optional(),
  text: text(2000),
  speaker: text(200),
  work: text(300).optional(),
  year: z.number().int().min(-3000).max(3000).optional(),
  context: text(1000).optional(),
  topics: z.array(slug).max(12).default([]),
  refs: z.array(text(60)).max(20).default([]),
});

export const referenceSchema = z.strictObject({
  /** Normalized code, unique in the pack: "H.2.4", "Appendix 3.4 Q4", "Appendix 4.2". */
  code: text(60),
  title: text(300),
  work: text(200),
  url: z.url().optional(),
});

export const topicSchema = z.strictObject({
  slug,
  name: text(80),
  description: text(500).optional(),
});

export const packSchema = z.strictObject({
  format: z.literal('riposte-pack/1'),
  slug,
  title: text(200),
  description: text(2000),
  /** Whole number; importing a lower version than the stored one is refused. */
  version: z.number().int().min(1),
  licence: text(1000),
  source: z.strictObject({
    title: text(300),
    author: text(200),
    year: z.number().int().min(-3000).max(3000).optional(),
    url: z.url().optional(),
  }),
  /** Groups of words the scorer treats as the same, e.g. [centralisation, centralization, centralism]. */
  synonyms: z
    .array(z.array(text(60)).min(2).max(20))
    .max(500)
    .default([]),
  topics: z.array(topicSchema).max(500).default([]),
  references: z.array(referenceSchema).max(50_000).default([]),
  claims: z.array(claimSchema).max(200_000).default([]),
  quotes: z.array(quoteSchema).max(200_000).default([]),
});

export type PackInput = z.infer<typeof packSchema>;
