import type { ControllerConfig } from '@dsr/shared/controller';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.ts';
import type { PrismaClient } from './db/types.ts';
import { loggerOptions } from './logging.ts';
import { httpRequests } from './metrics.ts';
import type { BlobStore } from './modules/fulfilment/blob-store.ts';
import type { DataMap } from './modules/fulfilment/datamap.schema.ts';
import type { SourceRegistry } from './modules/fulfilment/fulfilment.context.ts';
import { gpcRoutes } from './modules/gpc/gpc.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { publicRoutes } from './modules/public.routes.ts';
import { staffRoutes } from './modules/staff.routes.ts';
import { clientErrorHandler, errorsPlugin, frameworkErrorHandler, sendProblem } from './plugins/errors.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { securityHeaders, securityPlugin } from './plugins/security.ts';
import { fieldValidatorCompiler } from './plugins/validation.ts';
import { webPlugin } from './plugins/web.ts';

export interface AppDeps {
  config: AppConfig;
  controller: ControllerConfig;
  /** Where the controller keeps personal data (DATA_MAP, or the built-in customer area). */
  dataMap: DataMap;
  prisma: PrismaClient;
  /** Packages and attachments (the runtime builds it from BLOB_STORE). */
  blobs: BlobStore;
  /** The data map's sources (the runtime builds them); none when absent. */
  sources?: SourceRegistry;
  /** The clock; tests move it to cross deadlines and expiries. */
  now: () => Date;
  /** Folder of the built SPA; absent in API-only tests. */
  webDist?: string | undefined;
  /** false silences the log; a stream receives the JSON lines (tests inspect them). */
  logger?: false | { stream: { write(line: string): void } };
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export const BODY_LIMIT = 256 * 1024;

/**
 * One log line per answer (method, path, route, status, time) instead of Fastify's two (incoming,
 * then completed): the logging, redaction included, was about a sixth of intake's request-side CPU
 * time under load. Fastify's other lines (errors, routes not found) are unchanged.
 */
class OneLinePerAnswer extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/** Builds the whole application without listening: server.ts listens, tests use inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const headers = securityHeaders(deps.config.publicUrl);
  // Slow clients (R2): headers and body within the request timeout, else 408 and the connection
  // closed (clientErrorHandler). Node checks those deadlines every `connectionsCheckingInterval`
  // (30 s by default), so the check runs at least four times per timeout.
  const requestTimeout = deps.config.requestTimeoutMs;
  const app = Fastify({
    logger: deps.logger === false ? false : { ...loggerOptions(deps.config.logLevel), ...deps.logger },
    bodyLimit: BODY_LIMIT,
    requestTimeout,
    connectionTimeout: 2 * requestTimeout,
    http: {
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeout / 4))),
    },
    trustProxy: deps.config.trustProxy,
    // Draining is answered below, as problem+json with the security headers (Fastify's own 503 is not).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors: frameworkErrorHandler(headers),
    clientErrorHandler: clientErrorHandler(headers),
    logController: new OneLinePerAnswer(),
  });
  app.decorate('deps', deps);
  app.setValidatorCompiler(fieldValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // SIGTERM (server.ts closes the app): requests still arriving on open keep-alive connections get a
  // 503 with Retry-After and Connection: close, so clients reconnect elsewhere (another instance
  // behind the proxy); those already running finish. Fastify closes idle connections itself.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!draining) return;
    reply.headers({ ...headers, connection: 'close', 'retry-after': '5' });
    return sendProblem(reply, 503, 'service_unavailable', 'The service is shutting down; try again shortly.');
  });
  app.addHook('onResponse', async (request, reply) => {
    httpRequests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
  await app.register(errorsPlugin);
  await app.register(securityPlugin, { headers });
  await app.register(openapiPlugin);
  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(publicRoutes);
      await api.register(staffRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(gpcRoutes);
  await app.register(webPlugin, { dist: deps.webDist, controller: deps.controller });
  return app;
}
