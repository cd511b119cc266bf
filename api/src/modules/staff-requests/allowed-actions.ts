import type { RequestType } from '@dsr/shared/request-types';
import { allowedStaffActions, canExtend, type RequestStatus, type StaffAction } from '@dsr/shared/statuses';
import { hasFulfilment } from '../fulfilment/plan.ts';
import type { StaffActor } from './staff-requests.context.ts';

export interface ActionSubject {
  type: RequestType;
  status: RequestStatus;
  dueAt: Date | null;
  extensionMonths: number | null;
  /** Set when the request is an appeal: who denied the request it appeals. */
  appeal: { deniedById: string | null } | null;
  /** A restriction's lifting was already decided (outcomeData.restriction). */
  restrictionLifted?: boolean;
}

/** An appeal is decided (completed or denied) only by an admin other than the one who denied the original. */
export function mayDecideAppeal(staff: StaffActor, appeal: { deniedById: string | null }): boolean {
  return staff.role === 'admin' && staff.id !== appeal.deniedById;
}

export const isDecision = (action: StaffAction): boolean => action === 'complete' || action === 'deny';

/** The actions the detail view offers this staff member now. Auditors change nothing. */
export function allowedActionsFor(staff: StaffActor, request: ActionSubject, now: Date): StaffAction[] {
  if (staff.role === 'auditor') return [];
  return allowedStaffActions(request.status).filter((action) => {
    if (action === 'extend') return canExtend({ ...request, now }).ok;
    if (action === 'fulfil') return hasFulfilment(request.type);
    if (action === 'lift_restriction') return request.type === 'restriction' && !request.restrictionLifted;
    if (isDecision(action) && request.appeal) return mayDecideAppeal(staff, request.appeal);
    return true;
  });
}
