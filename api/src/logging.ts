// Logs carry no personal data and no secrets: request URLs are logged without their query string
// (staff search `q` may hold an e-mail), and known sensitive fields are censored wherever they appear.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.email',
  '*.fullName',
  '*.name',
  '*.token',
  '*.accessToken',
  '*.password',
  '*.body',
  '*.to',
];

export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; routeOptions?: { url?: string }; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        route: req.routeOptions?.url,
      }),
    },
  };
}
