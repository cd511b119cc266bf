// The mailbox an address delivers to, for limits only (the request keeps the address as typed).
// `Jane.Doe+dsr1@Example.org` and `jane.doe+dsr2@example.org` reach one inbox, so a limit keyed on
// the exact address is no limit at all: one client could make any inbox receive mail after mail by
// varying the `+tag`. The rules:
//  - the address is compared in lower case (the shared schema already lowers it);
//  - everything from the first `+` of the local part is dropped (sub-addressing, RFC 5233, as
//    Gmail, Outlook, iCloud, Fastmail, Proton and most self-hosted servers deliver it);
//  - dots in the local part are dropped only at gmail.com / googlemail.com, where Google documents
//    them as ignored (and googlemail.com is the same service); elsewhere `j.doe` and `jdoe` may be two
//    people, and merging them would let one use up the other's budget.
const DOTLESS_DOMAINS: Readonly<Record<string, string>> = {
  'gmail.com': 'gmail.com',
  'googlemail.com': 'gmail.com',
};

export function normaliseMailbox(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless) {
    domain = dotless;
    local = local.replaceAll('.', '');
  }
  return `${local}@${domain}`;
}
