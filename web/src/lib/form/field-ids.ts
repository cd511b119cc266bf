// DOM ids for form controls, derived from the API's field paths so server errors
// (`details.corrections.0.field`) find their control: `f-details-corrections-0-field`.
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
export const errorId = (path: string) => `${fieldId(path)}-error`;
