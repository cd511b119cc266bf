import {
  type CreateStaffUserBody,
  type StaffUserAdmin,
  staffUserAdminSchema,
  staffUserListSchema,
  type UpdateStaffUserBody,
} from '@dsr/shared/staff';
import { api } from '../../../lib/api-client.ts';

// Staff accounts (admins only: the API answers 403 to anyone else).

export async function listUsers(signal?: AbortSignal): Promise<StaffUserAdmin[]> {
  const answer = await api.get('/staff/users', {
    schema: staffUserListSchema,
    ...(signal ? { signal } : {}),
  });
  return answer.items;
}

export function createUser(body: CreateStaffUserBody, csrfToken: string): Promise<StaffUserAdmin> {
  return api.post('/staff/users', body, { csrfToken, schema: staffUserAdminSchema });
}

export function updateUser(
  id: string,
  body: UpdateStaffUserBody,
  csrfToken: string,
): Promise<StaffUserAdmin> {
  return api.patch(`/staff/users/${encodeURIComponent(id)}`, body, {
    csrfToken,
    schema: staffUserAdminSchema,
  });
}
