import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';

/**
 * Every slash command a message names must exist, with its subcommand and options when the message
 * gives them: a user told to run `/packs` when there is no such command is stuck.
 */

interface CommandShape {
  /** Subcommands and groups by name; empty for a command with options only. */
  subs: Map<string, CommandShape>;
  options: Set<string>;
}

function shapeOf(options: readonly APIApplicationCommandOption[] | undefined): CommandShape {
  const shape: CommandShape = { subs: new Map(), options: new Set() };
  for (const o of options ?? []) {
    if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
      shape.subs.set(o.name, shapeOf(o.options));
    } else {
      shape.options.add(o.name);
    }
  }
  return shape;
}

const registered = new Map(commands.map((c) => [c.data.name, shapeOf(c.data.toJSON().options)]));

/**
 * Problems with the command references in one piece of text. A reference is `/name` at the start or
 * after a space, quote, bracket or markup. Inside backticks the whole span is checked (subcommand,
 * group, `option:` names); in plain text the word after the name must be a subcommand when the
 * command has any (a bare `/practice` cannot be run); in bold (a name between double asterisks) only the name.
 */
function commandReferenceProblems(text: string, consoleWords: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/(^|[\s(\x60*"'\u201c\u2018])\/([a-z][a-z0-9_-]*)(?![a-z0-9_/-]|\.\w)/g)) {
    const before = m[1]!;
    const name = m[2]!;
    const after = text.slice(m.index + m[0].length);
    if (consoleWords.has(name)) continue;
    const shape = registered.get(name);
    if (!shape) {
      problems.push(`/${name} is not a command`);
      continue;
    }
    if (before === '*') continue;
    const words =
      before === '`'
        ? after.split('`')[0]!.trim().split(/\s+/).filter(Boolean)
        : (/^\s+([a-z][a-z0-9_-]*)(?:\s+([a-z][a-z0-9_-]*))?/
            .exec(after)
            ?.slice(1)
            .filter((w) => w !== undefined) ?? []);
    let at = shape;
    let path = `/${name}`;
    let i = 0;
    while (at.subs.size > 0) {
      const word = words[i++];
      if (word === undefined) {
        // A bare name is fine in backticks only at the end of a text piece (a template continues it).
        if (before !== '`' || after.includes('`')) problems.push(`${path} needs a subcommand (${[...at.subs.keys()].join(', ')})`);
        break;
      }
      const next = at.subs.get(word.replace(/[,.;]$/, ''));
      if (!next) {
        problems.push(`${path} has no subcommand "${word}"`);
        break;
      }
      at = next;
      path += ` ${word}`;
    }
    if (before !== '`') continue;
    for (const word of words.slice(i)) {
      const option = /^\[?([a-z][a-z0-9_]*):/.exec(word)?.[1];
      if (option !== undefined && !at.options.has(option)) problems.push(`${path} has no option "${option}"`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every string and template piece in a file, with its line; SQL templates and module paths left out. */
function stringsOf(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'sql') return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      // A bare path ('/metrics', '/gateway/bot') is a route, not text anyone reads.
      if (!/^\/[\w./-]*$/.test(node.text)) {
        found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const root = join(import.meta.dirname, '../..');

/**
 * The console's own words (`/help`, `/quit`, …), which only the console's messages may name: the
 * words its line-matching regular expressions (`/^\/(quit|exit)$/i`) accept, so a word it mentions
 * but does not handle still fails.
 */
function consoleWords(): Set<string> {
  const words = new Set<string>();
  for (const file of sourceFiles(join(root, 'src/console'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const m = /^\/\^\\\/\(?([a-z|]+)/.exec(node.getText(source));
        for (const word of m?.[1]?.split('|') ?? []) words.add(word);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return words;
}

/**
 * Lines of the error catalogue's `console.*` entries: the console's own command line words those
 * errors (only the console parses typed text), so they may name its words as well.
 */
function consoleEntryLines(file: string): Set<number> {
  const lines = new Set<number>();
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name) && node.name.text.startsWith('console.')) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      for (let l = first; l <= last; l++) lines.add(l);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

describe('command names in messages', () => {
  it('finds wrong names, subcommands and options', () => {
    expect(commandReferenceProblems('There is no pack "x". `/packs` lists them.')).toEqual(['/packs is not a command']);
    expect(commandReferenceProblems('Run /daily sett again.')).toEqual(['/daily has no subcommand "sett"']);
    expect(commandReferenceProblems('Run /practice again.')).toEqual(['/practice has no subcommand "again"']);
    expect(commandReferenceProblems('Try `/drill schedule sett`.')).toEqual(['/drill schedule has no subcommand "sett"']);
    expect(commandReferenceProblems('Try `/drill schedule`.')).toEqual(['/drill schedule needs a subcommand (set, show, off)']);
    expect(commandReferenceProblems('Try `/practice next topc:war`.')).toEqual(['/practice next has no option "topc"']);
    expect(commandReferenceProblems('Type /help.')).toEqual(['/help is not a command']);
  });

  it('accepts real references in their usual forms', () => {
    for (const text of [
      '`/about` lists them.',
      'Use /daily set, show, off, now or preview.',
      'Use /drill schedule set, show or off.',
      'Points count towards /score and /leaderboard.',
      '**/quote** quotes by speaker or topic',
      'Debate it: `/claim random topic:',
      'try `/practice next` and come back',
      'Europe/London, https://discord.com/channels/1/2 and a / b',
    ]) {
      expect(commandReferenceProblems(text), text).toEqual([]);
    }
    expect(commandReferenceProblems('Type /help for the commands, /quit to leave.', new Set(['help', 'quit']))).toEqual([]);
  });

  it('every command a string in src/ or commands/ names exists', () => {
    const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'commands'))];
    const problems: string[] = [];
    const ownWords = consoleWords();
    expect(ownWords).toContain('help');
    let references = 0;
    const catalogue = join(root, 'src/render/errors.ts');
    const consoleLines = consoleEntryLines(catalogue);
    expect(consoleLines.size).toBeGreaterThan(0);
    for (const file of files) {
      const where = relative(root, file);
      for (const { text, line } of stringsOf(file)) {
        if (/(^|[\s(\x60*"'\u201c\u2018])\/[a-z]/.test(text)) references++;
        const consoleText = where.startsWith('src/console/') || (file === catalogue && consoleLines.has(line));
        for (const p of commandReferenceProblems(text, consoleText ? ownWords : undefined)) problems.push(`${where}:${line}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
    // The scan would pass vacuously if it stopped finding strings; the code names commands dozens of times.
    expect(references).toBeGreaterThan(30);
  });
});
