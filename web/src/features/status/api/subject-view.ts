// GET /requests/me is parsed with the API's own schema (STYLE habit 7).
export {
  type SubjectView,
  subjectViewSchema,
  type TimelineEntry,
} from '@dsr/shared/subject-view';

import type { SubjectView } from '@dsr/shared/subject-view';

export type SubjectMessage = SubjectView['messages'][number];
export type Download = SubjectView['downloads'][number];
export type SubjectOutcome = NonNullable<SubjectView['outcome']>;
