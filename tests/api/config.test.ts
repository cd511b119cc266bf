import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROFILE_ELEMENT_ID, publicProfileSchema } from '@dsr/shared/public-profile';
import { REQUEST_TYPES } from '@dsr/shared/request-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../api/src/config.ts';
import { loadController } from '../../api/src/controller.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { IRISH_CONTROLLER, writeControllerFile } from '../support/controllers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/config', () => {
  it('describes the controller, every request type with its article and details schema, locales and limits', async () => {
    const res = await t.app.inject('/api/v1/config');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.controller).toMatchObject({
      name: 'Isolectra',
      contactEmail: 'contact@isolectra.fr',
      timeZone: 'Europe/Paris',
      supervisoryAuthority: { shortName: 'CNIL', phone: '01 53 73 22 22' },
      retention: { unverifiedDays: 30, closedRequestsYears: 5, billingRecordsYears: 10, exportDays: 7 },
    });
    expect(body.requestTypes.map((r: { type: string }) => r.type)).toEqual([...REQUEST_TYPES]);
    const byType = Object.fromEntries(body.requestTypes.map((r: { type: string }) => [r.type, r]));
    expect(byType.access.article).toBe('Art. 15');
    expect(byType.automated_decision.article).toBe('Art. 22');
    expect(byType.rectification.detailsSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['corrections'],
      properties: { corrections: { type: 'array', minItems: 1, maxItems: 50 } },
    });
    expect(byType.restriction.detailsSchema.properties.ground.enum).toContain('legal_claims');
    expect(body.locales).toEqual(['fr', 'en']);
    expect(body.limits).toMatchObject({
      messageMaxLength: 5000,
      correctionsMax: 50,
      bodyMaxBytes: 256 * 1024,
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is declared in the OpenAPI document with its response schema', async () => {
    const doc = (await t.app.inject('/api/docs/openapi.json')).json();
    const op = doc.paths['/api/v1/config'].get;
    expect(op.responses['200'].content['application/json'].schema).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/requests', '/api/v1/verifications', '/.well-known/gpc.json']),
    );
  });
});

describe('GET /.well-known/gpc.json', () => {
  it('declares Global Privacy Control support', async () => {
    const res = await t.app.inject('/.well-known/gpc.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toEqual({ gpc: true, lastUpdate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});

/** A web build's folder holding only the page shell (web/index.html, as Vite copies it). */
function shellDist(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-shell-'));
  copyFileSync(new URL('../../web/index.html', import.meta.url), path.join(dir, 'index.html'));
  return dir;
}

/** The JSON of the profile element, as a browser would read it (entities are not decoded in <script>). */
function shellProfile(html: string): unknown {
  const match = new RegExp(
    `<script type="application/json" id="${PROFILE_ELEMENT_ID}">(.*?)</script>`,
    's',
  ).exec(html);
  expect(match, 'the shell carries the profile').not.toBeNull();
  return JSON.parse(match![1]!);
}

describe('another controller (CONTROLLER_CONFIG)', () => {
  let irish: TestApp;
  beforeAll(async () => {
    irish = await startTestApp({
      env: { CONTROLLER_CONFIG: writeControllerFile(IRISH_CONTROLLER) },
      webDist: shellDist(),
    });
  });
  afterAll(async () => {
    await irish?.close();
  });

  it('is what GET /config and the page shell describe, with nothing of the built-in profile', async () => {
    const config = (await irish.app.inject('/api/v1/config')).json();
    expect(config.controller).toMatchObject({
      name: 'Liffey Outdoor Supplies',
      timeZone: 'Europe/Dublin',
      dpo: { name: 'Aoife Byrne', email: 'dpo@liffey-outdoor.ie' },
      supervisoryAuthority: { name: 'Data Protection Commission', shortName: 'DPC' },
    });
    expect(config.locales).toEqual(['en', 'fr']);

    for (const url of ['/', '/status', '/requests/new/access']) {
      const page = await irish.app.inject(url);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const html = page.body;
      expect(html).toMatch(/^<!doctype html>\s*<html lang="en"/);
      expect(html).toContain('<title>Liffey Outdoor Supplies — Your personal data</title>');
      expect(html).toContain('Write to privacy@liffey-outdoor.ie.');
      expect(html).not.toMatch(/Isolectra|CNIL/);
      const profile = publicProfileSchema.parse(shellProfile(html));
      expect(profile.controller).toEqual(config.controller);
      expect(profile.locales).toEqual(['en', 'fr']);
      expect(profile.privacyPolicy).toEqual(config.privacyPolicy);
    }
  });

  it('renders the policy Markdown with raw HTML shown as text, never as markup', async () => {
    const { privacyPolicy } = (await irish.app.inject('/api/v1/config')).json();
    expect(privacyPolicy.html.en).toContain('<h2>How Liffey Outdoor Supplies uses your data</h2>');
    expect(privacyPolicy.html.en).toContain(
      '<a href="mailto:privacy@liffey-outdoor.ie">our privacy team</a>',
    );
    expect(privacyPolicy.html.en).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;not bold&lt;/b&gt;',
    );
    expect(privacyPolicy.html.en).not.toMatch(/<script|<b>/);
    expect(privacyPolicy.html.fr).toContain('<h2>Comment Liffey Outdoor Supplies utilise vos données</h2>');
  });
});

describe('the page shell', () => {
  it('keeps a controller name that would close the script element inside its JSON', async () => {
    const name = '</script><script>alert(1)</script> & <!-- Co';
    const app = await startTestApp({
      env: { CONTROLLER_CONFIG: writeControllerFile({ ...IRISH_CONTROLLER, name }) },
      webDist: shellDist(),
    });
    try {
      const html = (await app.app.inject('/')).body;
      expect(html.match(/<script/g)).toHaveLength(2); // the profile and the app's module
      expect(publicProfileSchema.parse(shellProfile(html)).controller.name).toBe(name);
      expect(html).toContain(
        '<title>&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;!-- Co — ',
      );
    } finally {
      await app.close();
    }
  });

  it('is the built-in profile, Isolectra and its policy, without CONTROLLER_CONFIG', async () => {
    const html = (await t.app.inject('/')).body; // t has no web build: no shell
    expect(html).toContain('route_not_found');
    const app = await startTestApp({ webDist: shellDist() });
    try {
      const shell = (await app.app.inject('/')).body;
      const profile = publicProfileSchema.parse(shellProfile(shell));
      expect(profile.controller.name).toBe('Isolectra');
      expect(profile.locales).toEqual(['fr', 'en']);
      expect(shell).toMatch(/<html lang="fr"/);
      expect(
        profile.privacyPolicy && 'html' in profile.privacyPolicy && profile.privacyPolicy.html.fr,
      ).toContain('Les pièces de facturation sont conservées au maximum 10');
    } finally {
      await app.close();
    }
  });
});

describe('an invalid controller file', () => {
  it('stops the start with the key named', () => {
    const fails = (config: unknown) => {
      try {
        loadController(writeControllerFile(config));
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(fails({ ...IRISH_CONTROLLER, locales: ['en', 'en'] })).toMatch(
      /^ {2}locales: Each locale at most once$/m,
    );
    expect(fails({ ...IRISH_CONTROLLER, locales: ['ga'] })).toMatch(/^ {2}locales\.0: /m);
    expect(fails({ ...IRISH_CONTROLLER, privacyPolicy: { markdown: { en: '# Policy' } } })).toMatch(
      /^ {2}privacyPolicy\.markdown\.fr: Missing: the portal offers fr/m,
    );
    expect(fails({ ...IRISH_CONTROLLER, timeZone: 'Europe/Atlantis' })).toMatch(/^ {2}timeZone: /m);
  });
});
