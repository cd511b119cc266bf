// Job queues of fulfilment, named once. Payloads carry ids only (never an address, name or token).

/** Runs one source of a request's `fulfil`: `{requestId, source}`. */
export const FULFILMENT_RUN_QUEUE = 'fulfilment.run';
/**
 * Sent whenever a source of a request settles (done, failed, task closed, webhook callback):
 * `{requestId}`. Its worker checks whether every source is done and then builds the package.
 */
export const FULFILMENT_SETTLE_QUEUE = 'fulfilment.settle';
/** Builds (or rebuilds after a review) the access / portability ZIP: `{requestId}`. */
export const PACKAGE_BUILD_QUEUE = 'fulfilment.package';
/** Delivers one signed webhook call: `{fulfilmentSourceId}`. */
export const WEBHOOK_DELIVERY_QUEUE = 'webhook.deliver';
/** Tells one webhook source of a `Sec-GPC: 1` request's effect: `{requestId, source, kind}`. */
export const WEBHOOK_GPC_QUEUE = 'webhook.gpc';

export interface RequestJob {
  requestId: string;
}
export interface SourceJob {
  requestId: string;
  source: string;
}
/** Counts the subject's records in every source (on start, and after an identifier is added): `{requestId}`. */
export const FULFILMENT_MATCH_QUEUE = 'fulfilment.match';
