import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ImpactValue, Result } from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';

// Browser journeys run in Debian's Chromium (installed by scripts/ensure-chromium.mjs), never in
// a browser downloaded by Playwright. Flags keep it quiet and offline apart from the app.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface A11yViolation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; failureSummary: string | undefined }[];
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource: string | undefined;

function readAxeSource(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page and returns the violations,
 * trimmed to what a failing assertion needs. Expect `[]`; print with `formatViolations`.
 */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) {
    try {
      await page.addScriptTag({ content: readAxeSource() });
    } catch {
      // The app's CSP (script-src 'self', R9) blocks inline <script>; evaluating the source through
      // the DevTools protocol is not subject to CSP, so the policy under test stays untouched.
      await page.evaluate(`${readAxeSource()}\n;void 0;`);
    }
  }
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations;
  }, WCAG_TAGS);
  return violations.map((v: Result) => ({
    id: v.id,
    impact: v.impact ?? undefined,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(' '),
      html: n.html,
      failureSummary: n.failureSummary,
    })),
  }));
}

/** Human-readable list for assertion messages. */
export function formatViolations(violations: A11yViolation[]): string {
  return violations
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target}: ${n.html}`).join('\n')}`,
    )
    .join('\n');
}
