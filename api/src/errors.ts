// Services throw AppError with a stable code; the error handler renders it as RFC 9457 problem+json.
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    message?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(message ?? code);
  }
}
