import { ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import { inline } from './format.ts';
import { LIMITS, truncate } from './limits.ts';

/** The one palette: embed colours, one per kind of thing shown, so a glance tells a claim from a quote. */
export const COLOURS = {
  claim: 0xc0392b,
  rebuttal: 0x2e86c1,
  quote: 0x8e44ad,
  source: 0x16a085,
  topics: 0xd68910,
  about: 0x566573,
  drillOpen: 0x5865f2,
  drillClosed: 0x4f545c,
  drillResults: 0x57f287,
  feedback: 0xfee75c,
  practice: 0xeb459e,
  scores: 0x5865f2,
} as const;

/** A select menu of up to 25 things to open; none when the list is empty. */
export function openMenu(
  customId: string,
  placeholder: string,
  items: readonly { label: string; value: string; description?: string | undefined }[],
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (items.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: customId,
          placeholder: truncate(placeholder, 150),
          options: items.slice(0, LIMITS.selectOptions).map((i) => ({
            label: truncate(inline(i.label), LIMITS.selectLabel),
            value: i.value,
            ...(i.description ? { description: truncate(inline(i.description), LIMITS.selectDescription) } : {}),
          })),
        },
      ],
    },
  ];
}
