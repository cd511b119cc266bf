import type { RequestStatus } from '@dsr/shared/statuses';
import { AppError } from '../../errors.ts';

export const requestClosed = (status: RequestStatus | undefined): AppError =>
  new AppError('request_closed', 422, 'The request is closed; it can no longer be changed.', {
    ...(status ? { current: { status } } : {}),
  });
