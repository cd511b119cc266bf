import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadController } from '../../api/src/controller.ts';
import { renderShell } from '../../api/src/plugins/web-shell.ts';
import { checkA11y, formatViolations, launchBrowser } from '../support/browser.ts';

// The web shell in a real browser. Served by a tiny static server with SPA fallback, the page shell
// rewritten by the app's own renderShell (the built-in controller profile in it, as the app serves it).

const distDir = resolve(fileURLToPath(new URL('../../web/dist', import.meta.url)));
const RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'consent_withdrawal',
  'information',
  'automated_decision',
];
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

// Same policy as api/src/plugins/security.ts, so an inline script or style fails here too (R9).
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

function startStaticServer(): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('content-security-policy', CSP);
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(distDir, pathname));
    const inDist = file.startsWith(`${distDir}/`);
    if (inDist && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } else if (extname(pathname) === '' && !pathname.startsWith('/api/')) {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.html']! });
      res.end(renderShell(readFileSync(join(distDir, 'index.html'), 'utf8'), loadController(undefined)));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Waits for the page's <h1> to read `text` (client-side navigations and lazy routes are async). */
function waitForHeading(target: Page, text: string): Promise<void> {
  return target.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
}

let server: Server;
let browser: Browser;
let baseUrl: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startStaticServer();
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

describe('web shell', () => {
  it('shows the privacy policy in French with one link per right', async () => {
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(`${baseUrl}/`);
    await waitForHeading(page, 'Politique de confidentialité');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
    const hrefs = await page
      .locator('main a[href^="/request?type="]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(RIGHTS.map((type) => `/request?type=${type}`));
    await page.getByText('contact@isolectra.fr').first().waitFor();
    await page.getByText('01 53 73 22 22').waitFor();
    expect(consoleErrors, 'console errors (CSP violations show here)').toEqual([]);
  });

  it('links the stylesheet without blocking rendering and applies it before the first render', async () => {
    // Recorded as the page is parsed: what the first render met (the stylesheet applied or not).
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const root = document.getElementById('root');
        if (root?.firstChild) {
          const link = document.querySelector<HTMLLinkElement>('link[data-dsr-styles]');
          (window as unknown as { firstRender: string }).firstRender =
            `${link?.media}|${getComputedStyle(document.body).margin}`;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${baseUrl}/`);
    await waitForHeading(page, 'Politique de confidentialité');
    const html = await (await fetch(`${baseUrl}/`)).text();
    expect(html).toMatch(
      /<link rel="stylesheet" media="print" data-dsr-styles[^>]*href="\/assets\/[^"]+\.css"/,
    );
    const seen = await page.waitForFunction(
      () => (window as unknown as { firstRender?: string }).firstRender,
      null,
      {
        timeout: 15_000,
      },
    );
    const [media, margin] = String(await seen.jsonValue()).split('|');
    expect(media).toBe('all');
    expect(margin).toBe('0px'); // the stylesheet resets body's 8px browser margin
  });

  it('switches to English, reflects it in <html lang> and remembers it', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(page, 'Privacy policy');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect
      .poll(() => page.getByRole('link', { name: 'Exercise this right — Right of access' }).count())
      .toBe(1);
    await page.reload();
    await waitForHeading(page, 'Privacy policy');
    await page.getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
  });

  it('lets a keyboard user skip to the main content', async () => {
    await page.goto(`${baseUrl}/`);
    await waitForHeading(page, 'Politique de confidentialité');
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => ({
      text: document.activeElement?.textContent,
      top: document.activeElement?.getBoundingClientRect().top ?? -1,
    }));
    expect(skip.text).toBe('Aller au contenu principal');
    expect(skip.top).toBeGreaterThanOrEqual(0); // visible once focused
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('main') !== null)).resolves.toBe(true);
    expect(new URL(page.url()).hash).toBe('');
  });

  it('has no WCAG 2.1 A/AA violations on the home page, in French and in English', async () => {
    await page.goto(`${baseUrl}/`);
    await waitForHeading(page, 'Politique de confidentialité');
    const fr = await checkA11y(page);
    expect(fr, formatViolations(fr)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(page, 'Privacy policy');
    const en = await checkA11y(page);
    expect(en, formatViolations(en)).toEqual([]);
  });

  it('does not download staff code on public pages, and loads it lazily on staff pages', async () => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    // The public page loads the files its HTML names (entry script and module preloads), nothing lazy.
    const html = await (await fetch(`${baseUrl}/`)).text();
    const initial = [
      ...html.matchAll(/<(?:script[^>]* src|link rel="modulepreload"[^>]* href)="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(initial.length).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/`, { waitUntil: 'networkidle' });
    expect([...scripts].sort()).toEqual([...initial].sort());
    await page.getByRole('link', { name: 'Espace équipe' }).click();
    await waitForHeading(page, 'Connexion de l’équipe');
    expect(scripts.length).toBeGreaterThan(1);
  });

  it('reads the verification token from the fragment and removes it from the address bar', async () => {
    // No API behind this static server: the exchange fails, but the token must be gone anyway.
    // (The real exchange is covered by subject-journey.test.ts against the real portal.)
    await page.goto(`${baseUrl}/verify#token=abc123`);
    await page.waitForFunction(() => window.location.hash === '');
    expect(page.url()).toBe(`${baseUrl}/verify`);
    await waitForHeading(page, 'La confirmation n’a pas abouti');
  });

  it('opens deep links: a lazy staff page and the request form with its type', async () => {
    await page.goto(`${baseUrl}/staff/login`);
    await waitForHeading(page, 'Connexion de l’équipe');
    await page.goto(`${baseUrl}/request?type=erasure`);
    await waitForHeading(page, 'Faire une demande');
    await expect(page.getByRole('radio', { name: 'Droit à l’effacement' }).isChecked()).resolves.toBe(true);
  });

  it('shows a not-found page inside the layout for unknown URLs', async () => {
    await page.goto(`${baseUrl}/no-such-page`);
    await waitForHeading(page, 'Page introuvable');
    await expect.poll(() => page.locator('main h1').count()).toBe(1);
    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});
