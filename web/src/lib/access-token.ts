// The access token from `POST /verifications` lives in sessionStorage under `dsr.access`
// (SUBJECT-JOURNEY.md): it dies with the tab and never appears in a URL.
const KEY = 'dsr.access';

export function getAccessToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the subject opens the e-mailed link again
  }
}

export function setAccessToken(token: string): void {
  try {
    window.sessionStorage.setItem(KEY, token);
  } catch {
    // Not kept: the status page will explain how to get a new link.
  }
}

export function clearAccessToken(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
