import type { Tx } from '../../db/types.ts';
import { normaliseMailbox } from '../../lib/mailbox.ts';
import { counterKey, hitCounter } from './counters.repository.ts';

// A cap on verification mails per mailbox, whatever client filed the requests: the per-(mailbox, IP)
// intake limit stops one client, this stops many clients making one inbox receive a mail per filing.
// The intake still answers 202 (a 429 here would let anyone lock the owner out of filing); past the
// cap the request is filed but its verification mail is not sent. The owner who filed it saw its
// reference on screen and gets a link with "I lost my link" (POST /access-links, limited per
// mailbox + reference + IP, so someone without the reference cannot use it up); the request also
// stays in the staff queue. Counted with the filing time (event.at), in the transaction that queues
// the mail, so a rolled-back reaction run counts nothing.
export const VERIFICATION_MAILS_PER_MAILBOX = { max: 10, windowMs: 24 * 3600_000 };

/** Counts one verification mail for the mailbox; false when the mailbox already had its share. */
export async function verificationMailAllowed(tx: Tx, email: string, at: Date): Promise<boolean> {
  const key = counterKey('verification-mails', normaliseMailbox(email));
  const { hits } = await hitCounter(tx, key, VERIFICATION_MAILS_PER_MAILBOX.windowMs, at);
  return hits <= VERIFICATION_MAILS_PER_MAILBOX.max;
}
