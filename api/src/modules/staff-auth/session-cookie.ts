import type { CookieSerializeOptions } from '@fastify/cookie';
import type { AppConfig } from '../../config.ts';

// `__Host-` needs Secure, which plain-http development and tests cannot use: there the cookie is `sid`.
// No Max-Age: the browser drops it when it closes; the server enforces idle and absolute expiry anyway.

export function sessionCookieName(config: AppConfig): string {
  return isHttps(config) ? '__Host-sid' : 'sid';
}

export function sessionCookieOptions(config: AppConfig): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: isHttps(config) };
}

const isHttps = (config: AppConfig) => config.publicUrl.startsWith('https:');
