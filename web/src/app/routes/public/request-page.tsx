import { RequestForm } from '../../../features/request-form/request-form.tsx';

// Lazy route module (router.tsx): the form brings zod and the shared schemas, which only this
// page needs, so they stay out of the initial bundle.
// The form sets the page title itself ("Error: …" while it shows errors).
export function Component() {
  return <RequestForm />;
}
