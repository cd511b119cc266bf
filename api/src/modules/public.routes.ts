import type { FastifyPluginAsync } from 'fastify';
import { accessLinkRoutes } from './access-links/access-links.routes.ts';
import { transferRoutes } from './downloads/downloads.routes.ts';
import { rectifyFieldsRoutes } from './fulfilment/rectify-fields.routes.ts';
import { webhookCallbackRoutes } from './fulfilment/webhook-callback.routes.ts';
import { intakeRoutes } from './intake/intake.routes.ts';
import { configRoutes } from './public-config/public-config.routes.ts';
import { subjectRoutes } from './subject/subject.routes.ts';
import { verificationRoutes } from './verification/verification.routes.ts';

// The public API (no staff session). Staff routes are a sibling plugin with their own auth hook.
export const publicRoutes: FastifyPluginAsync = async (api) => {
  await api.register(configRoutes);
  await api.register(intakeRoutes);
  await api.register(verificationRoutes);
  await api.register(subjectRoutes);
  await api.register(accessLinkRoutes);
  await api.register(transferRoutes);
  await api.register(webhookCallbackRoutes);
  await api.register(rectifyFieldsRoutes);
};
