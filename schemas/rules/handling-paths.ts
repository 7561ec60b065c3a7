import { GOOD_PRACTICE_PATHS } from './good-practice';
import { SAMPLE_DISCUSSION_PATHS } from './sample-discussion';

// An observation's handling, as against its content (after-submission.ts): the paths that change
// whatever its status, each by its own rule, never as part of an amendment. The one list of them,
// with who writes each, which the tablet and the server both read.

/**
 * Who writes a handling path, and so which rule judges it:
 * - `status`: the observer and the moderator, by the status rules (status.ts);
 * - `observer`: the observer, sharing it with the practitioner (share.ts on the server);
 * - `practitioner`: the practitioner it is shared with, their own response (the reflection the
 *   observer recorded of them, `summary.reflection`, is the observer's content);
 * - `head-of-service`: a head of service of an audit's team, its discussion (sample-discussion.ts);
 * - `overseer`: a QA lead or head of service overseeing it, acknowledging good practice
 *   (good-practice.ts).
 */
export type HandlingWriter =
  'status' | 'observer' | 'practitioner' | 'head-of-service' | 'overseer';

export const HANDLING_PATHS: Readonly<Record<string, HandlingWriter>> = Object.freeze({
  status: 'status',
  sharedWithPractitioner: 'observer',
  practitionerResponse: 'practitioner',
  ...Object.fromEntries(SAMPLE_DISCUSSION_PATHS.map((p) => [p, 'head-of-service'] as const)),
  ...Object.fromEntries(GOOD_PRACTICE_PATHS.map((p) => [p, 'overseer'] as const)),
});

/** Who writes this handling path, or undefined when it is content (or not a path at all). */
export function handlingWriterOf(path: string): HandlingWriter | undefined {
  return Object.hasOwn(HANDLING_PATHS, path) ? HANDLING_PATHS[path] : undefined;
}

/**
 * Handling written by someone overseeing the observation rather than by its observer or the
 * practitioner: a moderator may write these beside moderation, each judged by its own rule, and
 * an amendment never records them (a pull may bring one in while the observer is amending).
 */
export function isOversightPath(path: string): boolean {
  const writer = handlingWriterOf(path);
  return writer === 'head-of-service' || writer === 'overseer';
}

/**
 * Handling the observer does not write (someone overseeing it, or the practitioner it is shared
 * with): a pull may bring it in while the observer is amending, and an amendment never records it.
 */
export function isOthersHandlingPath(path: string): boolean {
  return isOversightPath(path) || handlingWriterOf(path) === 'practitioner';
}
