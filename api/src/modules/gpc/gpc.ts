// Global Privacy Control (https://privacycg.github.io/gpc-spec/): `Sec-GPC: 1` on a public request
// is recorded on the request (`gpc`) and honoured as an objection to direct marketing and
// advertising cookies for the identified subject; /.well-known/gpc.json says we honour it.

/** Date of the last change to how this site honours GPC (the gpc.json `lastUpdate`). */
export const GPC_LAST_UPDATE = '2026-11-25';

export function hasGpcSignal(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim() === '1';
}
