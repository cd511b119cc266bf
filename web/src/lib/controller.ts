import {
  PROFILE_ELEMENT_ID,
  type PublicController,
  type PublicProfile,
  publicProfileSchema,
} from '@dsr/shared/public-profile';

// The controller the portal runs for, as the server describes it (the CONTROLLER_CONFIG file or
// its built-in profile): read from the JSON the server puts into the page shell, so the first
// paint needs no request. Under `vite dev` the shell has none: it is fetched from GET /config.
// Set once before the first render (main.tsx) and the same for the life of the page.

let current: PublicProfile | undefined;

/** The profile in the page shell, or null when there is none (dev server) or it does not parse. */
export function readShellProfile(doc: Document = document): PublicProfile | null {
  const text = doc.getElementById(PROFILE_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    const parsed = publicProfileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function loadProfile(): Promise<PublicProfile> {
  const fromShell = readShellProfile();
  if (fromShell) return fromShell;
  const res = await fetch('/api/v1/config', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/v1/config answered ${res.status}`);
  return publicProfileSchema.parse(await res.json());
}

export function setProfile(profile: PublicProfile): void {
  current = profile;
}

export function profile(): PublicProfile {
  if (!current) throw new Error('The controller profile is read before the first render (main.tsx)');
  return current;
}

/** The controller's identity, authority and time zone. */
export function controller(): PublicController {
  return profile().controller;
}

/** `tel:` target for a phone number written for people ("01 53 73 22 22", "+353 1 765 0100"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}

/** A website as people read it: without scheme and trailing slash. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}
