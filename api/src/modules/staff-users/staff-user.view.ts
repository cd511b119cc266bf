import type { StaffUserAdmin } from '@dsr/shared/staff';
import { asLocale } from '@dsr/shared/text';
import type { StaffUserRow } from './staff-users.repository.ts';

export function toStaffUserAdmin(row: StaffUserRow): StaffUserAdmin {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: asLocale(row.locale),
    disabled: row.disabledAt !== null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
