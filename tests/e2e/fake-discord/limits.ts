/**
 * Discord's documented limits, checked independently of the bot's own code: the fake rejects what
 * Discord would reject (400), and records why, so a test can see the bot never tried.
 */

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function checkEmbeds(embeds: unknown, problems: string[]): void {
  if (embeds === undefined) return;
  if (!Array.isArray(embeds)) return void problems.push('embeds is not an array');
  if (embeds.length > 10) problems.push(`${embeds.length} embeds (max 10)`);
  let total = 0;
  embeds.forEach((e: Json, i) => {
    const title = str(e.title);
    const description = str(e.description);
    const footer = str((e.footer as Json | undefined)?.text);
    const author = str((e.author as Json | undefined)?.name);
    if (title.length > 256) problems.push(`embed ${i} title ${title.length} > 256`);
    if (description.length > 4096) problems.push(`embed ${i} description ${description.length} > 4096`);
    if (footer.length > 2048) problems.push(`embed ${i} footer ${footer.length} > 2048`);
    if (author.length > 256) problems.push(`embed ${i} author ${author.length} > 256`);
    total += title.length + description.length + footer.length + author.length;
    const fields = (e.fields as Json[] | undefined) ?? [];
    if (fields.length > 25) problems.push(`embed ${i} has ${fields.length} fields > 25`);
    fields.forEach((f, j) => {
      const name = str(f.name);
      const value = str(f.value);
      if (name.length === 0 || name.length > 256) problems.push(`embed ${i} field ${j} name length ${name.length}`);
      if (value.length === 0 || value.length > 1024) problems.push(`embed ${i} field ${j} value length ${value.length}`);
      total += name.length + value.length;
    });
  });
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
}

export function checkComponents(rows: unknown, problems: string[]): void {
  if (rows === undefined) return;
  if (!Array.isArray(rows)) return void problems.push('components is not an array');
  if (rows.length > 5) problems.push(`${rows.length} rows > 5`);
  const ids = new Set<string>();
  rows.forEach((row: Json, r) => {
    const items = (row.components as Json[] | undefined) ?? [];
    if (items.length === 0 || items.length > 5) problems.push(`row ${r} has ${items.length} components`);
    for (const c of items) {
      const id = str(c.custom_id);
      if (id) {
        if (id.length > 100) problems.push(`custom_id ${id.length} > 100`);
        if (ids.has(id)) problems.push(`duplicate custom_id ${id}`);
        ids.add(id);
      }
      if (str(c.label).length > 80) problems.push(`button label ${str(c.label).length} > 80`);
      if (c.type === 3) {
        const options = (c.options as Json[] | undefined) ?? [];
        if (options.length === 0 || options.length > 25) problems.push(`select has ${options.length} options`);
        for (const o of options) {
          if (str(o.label).length === 0 || str(o.label).length > 100) problems.push(`select label length ${str(o.label).length}`);
          if (str(o.value).length > 100) problems.push(`select value length ${str(o.value).length}`);
          if (str(o.description).length > 100) problems.push(`select description length ${str(o.description).length}`);
        }
      }
    }
  });
}

/** A message the bot creates or edits. `creating`: it must show something. */
export function checkMessage(body: Json, opts: { creating: boolean }): string[] {
  const problems: string[] = [];
  const content = body.content;
  if (content !== undefined && content !== null && str(content).length > 2000) problems.push(`content ${str(content).length} > 2000`);
  checkEmbeds(body.embeds, problems);
  checkComponents(body.components, problems);
  const allowed = body.allowed_mentions as Json | undefined;
  if (!allowed || !Array.isArray(allowed.parse) || allowed.parse.length !== 0) {
    problems.push('allowed_mentions.parse is not []: the message could ping people');
  }
  if (opts.creating) {
    const empty =
      !str(content) && !(Array.isArray(body.embeds) && body.embeds.length) && !(Array.isArray(body.components) && body.components.length);
    if (empty) problems.push('empty message');
  }
  return problems;
}

export function checkChoices(choices: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(choices)) return ['choices is not an array'];
  if (choices.length > 25) problems.push(`${choices.length} choices > 25`);
  for (const c of choices as Json[]) {
    const name = str(c.name);
    if (name.length === 0 || name.length > 100) problems.push(`choice name length ${name.length}`);
    if (typeof c.value === 'string' && c.value.length > 100) problems.push(`choice value length ${c.value.length}`);
  }
  return problems;
}
