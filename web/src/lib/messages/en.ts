import type { Messages } from './fr.ts';

// English catalogue: typed against the French one, so a missing or extra key fails `tsc`.
export const en: Messages = {
  'app.title': '{controller} — Your personal data',
  'app.skipLink': 'Skip to main content',
  'app.loading': 'Loading…',
  'app.portalName': 'Your personal data',
  'app.homeLink': '{controller} — home',
  'app.footer.contact': 'Contact: {email}',
  'app.footer.policy': 'Privacy policy',
  'app.footer.status': 'Follow a request',
  'app.footer.staff': 'Staff area',
  'app.nav.label': 'Main navigation',
  'app.footer.label': 'Footer links',

  'lang.switch': 'Français',
  'lang.switchLabel': 'Lire ce site en français',
  'lang.current': 'English',

  'policy.title': 'Privacy policy',
  'policy.intro':
    '{controller} respects your privacy. This page explains who processes your personal data, what happens to it and how to exercise your rights.',
  'policy.controller.heading': 'Controller',
  'policy.controller.body':
    '{controller} is the controller of your personal data. For any question, write to {email}.',
  'policy.recipients.heading': 'Recipients',
  'policy.recipients.body':
    '{controller} does not pass your data to any processor, business partner or third-party partner. Only authorised {controller} staff can access it.',
  'policy.retention.heading': 'How long we keep data',
  'policy.retention.body':
    'Your data is kept only as long as needed for the purpose it was collected for. Billing records are kept for at most {years} years.',
  'policy.rights.heading': 'Your rights',
  'policy.rights.intro':
    'You can exercise the following rights free of charge. Choose a right to fill in a request; we will ask you to confirm your e-mail address.',
  'policy.rights.exercise': 'Exercise this right',
  'policy.answer.heading': 'When we answer',
  'policy.answer.body':
    'We answer within one month of receiving your request. This period may be extended by two further months given the complexity or number of requests; we then tell you so within the first month, with the reasons for the extension.',
  'policy.refusal.body':
    'If we do not act on your request, we tell you why, and that you may lodge a complaint with the supervisory authority and seek a judicial remedy.',
  'policy.authority.heading': 'Complaints to the CNIL',
  'policy.authority.body':
    'If you believe your rights are not respected, you can lodge a complaint with the {authority} (Commission nationale de l’informatique et des libertés, the French data protection authority):',
  'policy.authority.phone': 'Telephone: {phone}',
  'policy.authority.web': 'Website: {url}',
  'policy.followUp':
    'Already made a request? Follow it with the link we e-mailed you, or ask for a new link.',
  'policy.followUpLink': 'Follow a request',

  'right.access.title': 'Right of access',
  'right.access.body':
    'Find out whether we process data about you and get a copy of it, with information on how it is processed (purposes, recipients, retention period, source).',
  'right.rectification.title': 'Right to rectification',
  'right.rectification.body': 'Have inaccurate data corrected or incomplete data completed.',
  'right.erasure.title': 'Right to erasure',
  'right.erasure.body':
    'Have your data erased, except where the law requires us to keep it (billing records, for example).',
  'right.restriction.title': 'Right to restriction of processing',
  'right.restriction.body':
    'Temporarily freeze the use of your data, for example while its accuracy is being checked.',
  'right.objection.title': 'Right to object',
  'right.objection.body':
    'Object to processing based on our legitimate interest; object to direct marketing at any time, without giving reasons.',
  'right.portability.title': 'Right to data portability',
  'right.portability.body':
    'Receive the data you gave us in a structured, machine-readable format, or have it sent to another controller.',
  'right.consent_withdrawal.title': 'Withdrawing consent',
  'right.consent_withdrawal.body':
    'Withdraw a consent you gave (newsletter, offers, cookies) at any time, without affecting processing already carried out.',
  'right.information.title': 'Right to be informed',
  'right.information.body': 'Find out whether and how your data is processed, and ask us about it.',
  'right.automated_decision.title': 'Automated individual decisions',
  'right.automated_decision.body':
    'Not be subject to a decision based solely on automated processing that has legal or similarly significant effects on you, and obtain human intervention.',

  'request.title': 'Make a request',
  'request.placeholder': 'The request form will be available soon. Meanwhile, write to {email}.',
  'request.selectedRight': 'Chosen right: {right}',
  'requestSent.title': 'Check your e-mail',
  'requestSent.body':
    'If your request is valid, you will receive an e-mail with a confirmation link. Open it within 24 hours so that we can start handling your request.',
  'verify.title': 'Confirming your e-mail address',
  'verify.withToken': 'We are confirming your e-mail address…',
  'verify.noToken':
    'This confirmation link is incomplete. Open the link exactly as it appears in the e-mail, or ask for a new link.',
  'status.title': 'Your request',
  'status.placeholder': 'Open the link we e-mailed you to see where your request stands.',
  'status.lostLink': 'I lost my link',
  'lostLink.title': 'Get a new status link',
  'lostLink.placeholder':
    'Give your e-mail address and your request reference (for example DSR-2026-000123): we will send you a new link.',

  'staff.title': 'Staff area',
  'staff.login.title': 'Staff sign-in',
  'staff.login.placeholder': 'Staff sign-in will be available soon.',
  'staff.queue.title': 'Requests to handle',
  'staff.request.title': 'Request {reference}',
  'staff.dashboard.title': 'Dashboard',
  'staff.users.title': 'Users',
  'staff.placeholder': 'This page will be available soon.',
  'staff.nav.label': 'Staff area navigation',

  'notFound.title': 'Page not found',
  'notFound.body': 'The address you asked for does not exist or has changed.',
  'notFound.home': 'Back to the privacy policy',
  'error.title': 'Something went wrong',
  'error.body':
    'The page could not be displayed. Try again in a moment; if the problem persists, write to {email}.',
  'error.retry': 'Reload the page',
};
