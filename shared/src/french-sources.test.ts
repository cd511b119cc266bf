import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { frenchTypographyFaults } from './typography.ts';

// French typography outside the catalogues: every French string literal written in the source of
// the API, shared/, the web and scripts (the access report's texts, erasure outcomes, staff and
// subject mails, Art. 19 notices, the built-in controller profile and its policy, demo data...), read
// with the TypeScript parser. Template literals are checked piece by piece, each placeholder read as
// "{}". The catalogues have their own test (web/src/lib/messages/french-typography.test.ts).

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const FOLDERS = ['api/src', 'shared/src', 'web/src', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'generated' ? [] : sourceFiles(rel);
    const isSource =
      /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts');
    return isSource ? [rel] : [];
  });
}

// A string is French prose when it has a French word or letter no English text has.
const FRENCH =
  /[àâçéèêëîïôùûœ]|\b(?:vous|votre|vos|nous|notre|nos|demande|données|les|des|une|est|pour|avec|sur|dans|aucune?|cette|article \d+ du)\b/i;
// Code, not prose: SQL, regular expressions, CSS, paths.
const CODE = /\b(?:SELECT|INSERT|UPDATE|DELETE FROM|WHERE|jsonb?_|::)\b|^[\w./-]+$/;

interface Found {
  file: string;
  line: number;
  text: string;
}

/** A placeholder's text: a string literal or the NNBSP constant as itself, anything else "{}". */
function placeholder(expression: ts.Expression): string {
  if (ts.isStringLiteral(expression)) return expression.text;
  if (ts.isIdentifier(expression) && expression.text === 'NNBSP') return '\u202f';
  return '{}';
}

function frenchStrings(file: string): Found[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(root, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: Found[] = [];
  const add = (node: ts.Node, text: string) => {
    if (FRENCH.test(text) && !CODE.test(text)) {
      found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      // The whole template with each placeholder as "{}" (a string literal placeholder is kept).
      const parts = [node.head.text];
      for (const span of node.templateSpans) {
        parts.push(placeholder(span.expression), span.literal.text);
      }
      add(node, parts.join(''));
    } else if (ts.isJsxText(node)) add(node, node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = FOLDERS.flatMap(sourceFiles);
const strings = files.flatMap(frenchStrings);

describe('French strings in the source (outside the catalogues)', () => {
  it('are found where they are known to be (the scan reads these files)', () => {
    const scanned = new Set(strings.map((s) => s.file));
    for (const file of [
      'api/src/modules/fulfilment/package/report-texts.ts',
      'api/src/modules/fulfilment/erasure-outcome.ts',
      'api/src/modules/notifications/staff-mails.ts',
      'api/src/modules/notifications/subject-mails.ts',
      'api/src/modules/fulfilment/art19.ts',
      'shared/src/controller.ts',
    ]) {
      expect(scanned, file).toContain(file);
    }
  });

  it('follow French typography (U+202F before ? ! ; : and inside « »)', () => {
    const faults = strings.flatMap(({ file, line, text }) =>
      frenchTypographyFaults(text).map((excerpt) => `${file}:${line}: …${excerpt}…`),
    );
    expect(faults).toEqual([]);
  });

  it('write the first of a month "1er", never "1 janvier"…', () => {
    const months = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre';
    const wrong = strings.filter(({ text }) => new RegExp(`\\b1 (?:${months})\\b`).test(text));
    expect(wrong.map(({ file, line }) => `${file}:${line}`)).toEqual([]);
  });
});
