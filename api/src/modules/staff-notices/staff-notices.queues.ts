export const DUE_DIGEST_QUEUE = 'staff.due-digest';
