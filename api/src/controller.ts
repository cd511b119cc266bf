import { type ControllerConfig, controllerConfigSchema, ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { ConfigError, readControllerFile } from './config.ts';

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
