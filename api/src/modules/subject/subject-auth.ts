import fp from 'fastify-plugin';
import { AppError } from '../../errors.ts';
import { isWellFormedToken } from '../../lib/tokens.ts';
import { findAccessToken } from '../tokens/tokens.repository.ts';

// Bearer access token → the one request it opens. Registered inside the subject routes plugin only
// (encapsulation, not a URL allow-list): nothing else in the API sees this hook.

declare module 'fastify' {
  interface FastifyRequest {
    /** Id of the request the bearer's access token belongs to; set by subject-auth. */
    subjectRequestId: string;
  }
}

const BEARER = /^Bearer +([^\s]+) *$/i;

function unauthorized(invalid: boolean): AppError {
  return new AppError('unauthorized', 401, 'A valid access token is required.', {
    // RFC 6750 §3: say why when a token was presented, only the scheme when none was.
    headers: { 'www-authenticate': invalid ? 'Bearer error="invalid_token"' : 'Bearer' },
  });
}

export const subjectAuth = fp(
  async (app) => {
    app.decorateRequest('subjectRequestId', '');
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      const token = header ? BEARER.exec(header)?.[1] : undefined;
      if (!token) throw unauthorized(header !== undefined);
      // A malformed token cannot match a stored hash: skip the database.
      const found = isWellFormedToken(token)
        ? await findAccessToken(app.deps.prisma, token, app.deps.now())
        : null;
      if (!found) throw unauthorized(true);
      request.subjectRequestId = found.requestId;
    });
  },
  { name: 'subject-auth', dependencies: ['errors'] },
);
