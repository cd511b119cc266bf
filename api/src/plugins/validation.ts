import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';

// fastify-type-provider-zod reports an unknown key as one issue on the enclosing object
// (`details`, keyword unrecognized_keys). Clients need the field itself named
// (`details.corrections.0.extra`), so each unknown key becomes its own issue below the object.
// The items keep the provider's marker symbol, so the one error handler still renders them.

export const fieldValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  return (data: unknown) => {
    const result = validate(data) as { error?: FastifySchemaValidationError[]; value?: unknown };
    if (!result.error) return result;
    const error = result.error.flatMap((item): FastifySchemaValidationError[] => {
      const keys = item.params?.keys;
      if (item.keyword !== 'unrecognized_keys' || !Array.isArray(keys)) return [item];
      const base = item.instancePath === '/' ? '' : item.instancePath;
      return keys.map((key) => ({
        ...item,
        instancePath: `${base}/${String(key)}`,
        message: `Unknown field "${String(key)}"`,
      }));
    });
    return { error };
  };
};
