import type { StaffRole } from '@dsr/shared/staff';
import type { Locale } from '@dsr/shared/text';
import type { Db } from '../../db/types.ts';

const adminSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  locale: true,
  disabledAt: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

export async function listStaffUsers(db: Db) {
  return db.staffUser.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: adminSelect });
}

export async function findStaffUser(db: Db, id: string) {
  return db.staffUser.findUnique({ where: { id }, select: adminSelect });
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
  passwordHash: string;
  now: Date;
}

export async function insertStaffUser(db: Db, user: NewStaffUser) {
  return db.staffUser.create({
    data: {
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      passwordHash: user.passwordHash,
      createdAt: user.now,
      updatedAt: user.now,
    },
    select: adminSelect,
  });
}

export interface StaffUserChanges {
  name?: string;
  role?: StaffRole;
  locale?: Locale;
  disabledAt?: Date | null;
  passwordHash?: string;
  now: Date;
}

export async function updateStaffUserRow(db: Db, id: string, changes: StaffUserChanges) {
  const { now, ...data } = changes;
  return db.staffUser.update({ where: { id }, data: { ...data, updatedAt: now }, select: adminSelect });
}

export type StaffUserRow = Awaited<ReturnType<typeof findStaffUser>> & {};
