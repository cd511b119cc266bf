// The confirmation page after filing survives a reload: the reference and the time it was sent are
// kept in sessionStorage under `dsr.sent` (the tab's own, gone with it). Nothing personal is kept,
// and nothing goes in the URL.
const KEY = 'dsr.sent';

export interface SentRequest {
  reference: string;
  /** ISO instant the API accepted the request. */
  sentAt: string;
}

export function rememberSentRequest(sent: SentRequest): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(sent));
  } catch {
    // Not kept: after a reload the page says where the reference is (the e-mail).
  }
}

export function readSentRequest(): SentRequest | null {
  try {
    const parsed: unknown = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null');
    if (!parsed || typeof parsed !== 'object') return null;
    const { reference, sentAt } = parsed as Record<string, unknown>;
    if (typeof reference !== 'string' || typeof sentAt !== 'string' || Number.isNaN(Date.parse(sentAt))) {
      return null;
    }
    return { reference, sentAt };
  } catch {
    return null;
  }
}
