import type { ReactNode } from 'react';

// Wide tables scroll sideways on small screens; the scrolling box is focusable and named so
// keyboard users can scroll it too (axe scrollable-region-focusable). A group, not a <section>:
// a named section is a region landmark, and tables sit inside sections that carry the same name
// (axe landmark-unique), which would list the same landmark twice.
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it.
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> is for form controls; this only wraps a table.
    <div className="table-wrap" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
