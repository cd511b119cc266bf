// The request types in the order the privacy policy lists the rights. From the zod-free shared
// vocabulary, so the policy page does not pull zod into the initial bundle.
export { isRequestType, REQUEST_TYPES, type RequestType } from '@dsr/shared/vocabulary';
