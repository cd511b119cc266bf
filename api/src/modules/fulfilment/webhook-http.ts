import { signPayload, unixSeconds } from './signature.ts';
import { SourceError } from './sources/source.ts';

// The one way the portal calls a webhook (a source's deliveries and GPC signals, Art. 19 notices to
// recipients): a signed JSON POST to the configured URL, never following a redirect (it could send
// the signed body elsewhere), within the target's timeout; and how an HTTP failure is told apart.

/** Where a webhook goes: a data map source, or a recipient of the controller file (Art. 19). */
export interface WebhookTarget {
  url: string;
  secret: string;
  timeoutSeconds: number;
}

export function signedPost(config: WebhookTarget, body: string, now: Date): Promise<Response> {
  return fetch(config.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'dsr-portal-webhook/1',
      'x-dsr-signature': signPayload(config.secret, body, unixSeconds(now)),
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(config.timeoutSeconds * 1000),
  });
}

/** A receiver busy or down (408, 429, 5xx) will be asked again; any other answer is a refusal. */
export function httpFailure(status: number): SourceError {
  const busy = status === 408 || status === 429 || status >= 500;
  return new SourceError(busy ? 'source_unavailable' : 'source_rejected', `HTTP ${status}`);
}
