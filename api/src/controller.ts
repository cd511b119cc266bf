import { type ControllerConfig, controllerConfigSchema, ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { ConfigError, readControllerFile } from './config.ts';
import { AppError } from './errors.ts';

/** The controller's identity: the CONTROLLER_CONFIG file when given, else the built-in Isolectra profile. */
export function loadController(path: string | undefined): ControllerConfig {
  const raw = readControllerFile(path);
  if (raw === undefined) return ISOLECTRA_CONTROLLER;
  const parsed = controllerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`CONTROLLER_CONFIG ${path} is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * Refuses a locale the controller file does not list in `locales` (400 `locale_not_offered`, the
 * field named in `errors`): a request or a staff account in a language the portal does not offer
 * would get mails and pages nobody reviewed. `path` is the field as the client sent it.
 */
export function assertOfferedLocale(
  controller: { locales: readonly string[] },
  locale: string,
  path = 'locale',
) {
  if (controller.locales.includes(locale)) return;
  const offered = controller.locales.join(', ');
  throw new AppError('locale_not_offered', 400, `This portal offers these languages only: ${offered}.`, {
    errors: [{ path, code: 'locale_not_offered', message: `Must be one of: ${offered}` }],
  });
}
