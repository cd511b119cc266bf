import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { freePort } from '../support/smtp.ts';

// The real portal for browser journeys: API + database + job queue + SMTP sink, serving web/dist.
// PUBLIC_URL is the very address the server listens on, so e-mailed links open in the browser.

export const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
export const TOKEN_LINK = /https?:\/\/[^\s"<>]+\/verify#token=[A-Za-z0-9_-]{43}/;

export interface Portal {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** What a browser file may change in the portal it starts: its sources, their retry policies, its environment (CONTROLLER_CONFIG). */
export type PortalOptions = Pick<TestAppOptions, 'dataMap' | 'webhookPolicy' | 'env'>;

export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  const port = await freePort();
  const t = await startTestApp({ ...options, webDist, publicUrl: `http://127.0.0.1:${port}` });
  const baseUrl = await t.listen(port);
  const browser = await launchBrowser();
  return {
    t,
    baseUrl,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** A fresh browser context (cookies, storage) with a 10 s default timeout. */
async function openContext(portal: Portal): Promise<BrowserContext> {
  const context = await portal.browser.newContext();
  context.setDefaultTimeout(10_000);
  return context;
}

export interface PortalFile {
  /** The portal of this test file (set by its beforeAll). */
  readonly portal: Portal;
  /** A page in a fresh context of its own, left open until the portal closes after the file's tests. */
  newPage(): Promise<Page>;
}

/**
 * Starts the portal before the file's tests (beforeAll) and closes it after them (afterAll), with
 * every context `newPage()` opened. Hooks the file registers later run after these `before*` hooks
 * and before these `after*` hooks. `options` is called in beforeAll (after hooks registered earlier,
 * so it can use a server they started).
 */
export function usePortal(options?: () => PortalOptions): PortalFile {
  let portal: Portal;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    portal = await startPortal(options?.());
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await portal?.close();
  });
  return {
    get portal() {
      return portal;
    },
    async newPage() {
      const context = await openContext(portal);
      contexts.push(context);
      return context.newPage();
    },
  };
}

export interface PortalPage extends PortalFile {
  /** This test's browser context (set by beforeEach, closed by afterEach). */
  readonly context: BrowserContext;
  /** This test's page, in `context`. */
  readonly page: Page;
}

/** `usePortal()`, plus a fresh context and page for each test (beforeEach), closed after it (afterEach). */
export function usePortalPage(options?: () => PortalOptions): PortalPage {
  const file = usePortal(options);
  let context: BrowserContext;
  let page: Page;
  beforeEach(async () => {
    context = await openContext(file.portal);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });
  return {
    get portal() {
      return file.portal;
    },
    newPage: file.newPage,
    get context() {
      return context;
    },
    get page() {
      return page;
    },
  };
}

let counter = 0;
/** A fresh address per request: intake allows 5 requests per address per hour. */
export const uniqueEmail = (label: string) => `${label}.${Date.now()}.${++counter}@example.org`;

/** Waits for the verification mail to `email` and returns its link and the request reference. */
export async function verificationMail(
  t: TestApp,
  email: string,
): Promise<{ link: string; reference: string }> {
  const find = () => t.smtp.messages.find((m) => m.to.includes(email) && TOKEN_LINK.test(m.text));
  await t.smtp.waitFor(() => find() !== undefined, 15_000);
  const mail = find()!;
  const link = TOKEN_LINK.exec(mail.text)![0];
  const reference = /DSR-\d{4}-\d{6,}/.exec(`${mail.subject} ${mail.text}`)![0];
  return { link, reference };
}

/** Signs a staff member in on `page`; it lands on the queue. */
export async function signInStaff(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/staff/login`);
  await waitForHeading(page, 'Connexion de l’équipe');
  await page.fill('#login-email', user.email);
  await page.fill('#login-password', user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await waitForHeading(page, 'Demandes à traiter');
}

/** Opens a request's staff page. */
export async function openStaffRequest(page: Page, baseUrl: string, reference: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/requests/${reference}`);
  await waitForHeading(page, `Demande ${reference}`);
}

export function waitForHeading(page: Page, text: string): Promise<void> {
  return page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
}

/** The id of the focused element (or its tag when it has none). */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.id || el?.tagName.toLowerCase() || '';
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, { back = false, max = 60 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(
    `could not reach ${selector} with ${back ? 'Shift+Tab' : 'Tab'} (at #${await focusedId(page)})`,
  );
}

/** Presses Tab until a button reading `name` has the focus; fails after `max` presses. */
export async function tabToButton(page: Page, name: string, { max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.tagName === 'BUTTON' ? (el.textContent ?? '').trim() : null;
    });
    if (focused === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach the button "${name}" with Tab (at #${await focusedId(page)})`);
}
