import { frenchTypographyFaults } from '@dsr/shared/typography';
import { describe, expect, it } from 'vitest';
import { fr } from './fr.ts';
import { fulfilmentFr } from './fulfilment.fr.ts';
import { staffFr } from './staff.fr.ts';

// Every French string of the web: a narrow no-break space before ? ! ; : and inside « ».
describe('French catalogues', () => {
  for (const [name, catalogue] of Object.entries({ fr, staffFr, fulfilmentFr })) {
    it(`${name}: every string follows French typography`, () => {
      const faults = Object.entries(catalogue as Record<string, string>).flatMap(([key, text]) =>
        frenchTypographyFaults(text).map((excerpt) => `${key}: …${excerpt}…`),
      );
      expect(faults).toEqual([]);
    });
  }

  it('catches a plain or no-break space before a colon and a plain space inside « »', () => {
    expect(frenchTypographyFaults('Contact : a@b.fr')).toHaveLength(1);
    expect(frenchTypographyFaults('Contact\u00a0: a@b.fr')).toHaveLength(1);
    expect(frenchTypographyFaults('Motif: rien ; « Faire appel »')).toHaveLength(4);
    expect(
      frenchTypographyFaults('Contact\u202f: https://x.fr/a?b=c à 10:30 «\u202fRecours\u202f»\u202f!'),
    ).toEqual([]);
  });
});
