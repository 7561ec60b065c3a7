// Why this person may not acknowledge (or withdraw) good practice here, in words they can act on.
import type { AcknowledgerProblem } from '../../../schemas/rules/good-practice';

export const WHY_NOT: Record<AcknowledgerProblem, string> = {
  'not-an-overseer':
    'Only a quality assurance lead or head of service overseeing this team acknowledges good practice.',
  'own-observation':
    'You recorded this observation, so another quality assurance lead or head of service of the team acknowledges its good practice.',
  'not-submitted':
    'Good practice is acknowledged once the observation has been submitted, and not while it is a draft or returned for more evidence.',
};
