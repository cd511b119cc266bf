// French typography (Imprimerie nationale): a narrow no-break space (U+202F) before ? ! ; : and
// inside « ». Used by the tests that scan every French string of the web and the mails.

export const NNBSP = '\u202f';

/** The faults in one French text: each as a short excerpt around it. URLs, times and code are skipped. */
export function frenchTypographyFaults(text: string): string[] {
  const faults: string[] = [];
  // Leave out what is not prose: URLs, mail addresses, times (10:30), placeholders ({x}).
  const prose = text
    .replace(/\b(?:https?|mailto|tel):[^\s)»"']*/g, '')
    .replace(/\d:\d/g, '')
    .replace(/\{\w+\}/g, '{}');
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i]!;
    const before = prose[i - 1];
    const after = prose[i + 1];
    const excerpt = () => prose.slice(Math.max(0, i - 12), i + 12);
    if ('?!;:'.includes(c) && before !== undefined && before !== NNBSP && !'?!'.includes(before)) {
      // "…?!" counts as one mark; a mark at the very start (a continuation) has nothing before it.
      faults.push(excerpt());
    } else if (c === '«' && after !== NNBSP) {
      faults.push(excerpt());
    } else if (c === '»' && before !== NNBSP) {
      faults.push(excerpt());
    }
  }
  return faults;
}
