import { useStaffT } from './i18n.ts';

// Days left before the deadline in force. Overdue says so in words (and in red), never by colour alone.
export function DueBadge({ daysLeft, overdue }: { daysLeft: number | null; overdue: boolean }) {
  const t = useStaffT();
  if (daysLeft === null) return null;
  if (overdue || daysLeft < 0) {
    return <span className="due due--late">{t('staff.due.overdue', { days: Math.max(1, -daysLeft) })}</span>;
  }
  const text =
    daysLeft === 0
      ? t('staff.due.today')
      : daysLeft === 1
        ? t('staff.due.one')
        : t('staff.due.many', { days: daysLeft });
  return <span className={daysLeft <= 7 ? 'due due--soon' : 'due'}>{text}</span>;
}
