import { describe, expect, test } from 'vitest';
import { staticFieldPaths } from '../entities/observation-fields';
import {
  HANDLING_PATHS,
  handlingWriterOf,
  isOthersHandlingPath,
  isOversightPath,
} from './handling-paths';

describe('the one list of an observation’s handling paths', () => {
  test('who writes each', () => {
    expect(HANDLING_PATHS).toEqual({
      status: 'status',
      sharedWithPractitioner: 'observer',
      practitionerResponse: 'practitioner',
      'sampleDiscussion.heldOn': 'head-of-service',
      'sampleDiscussion.note': 'head-of-service',
      'goodPractice.what': 'overseer',
      'goodPractice.note': 'overseer',
      'goodPractice.by': 'overseer',
      'goodPractice.byName': 'overseer',
      'goodPractice.on': 'overseer',
    });
  });

  test('every handling path is a field of an observation', () => {
    for (const path of Object.keys(HANDLING_PATHS))
      expect(Object.hasOwn(staticFieldPaths, path), path).toBe(true);
  });

  test('content, and names that only look like handling, are not', () => {
    for (const path of [
      'summary.strengths',
      'summary.reflection',
      'goodPractice',
      'goodPractice.at',
      'toString',
    ])
      expect(handlingWriterOf(path), path).toBeUndefined();
  });

  test('what someone overseeing it writes: the discussion and good practice, not the rest', () => {
    expect(Object.keys(HANDLING_PATHS).filter(isOversightPath)).toEqual([
      'sampleDiscussion.heldOn',
      'sampleDiscussion.note',
      'goodPractice.what',
      'goodPractice.note',
      'goodPractice.by',
      'goodPractice.byName',
      'goodPractice.on',
    ]);
  });

  test('what the observer does not write: the overseers’ and the practitioner’s response', () => {
    expect(Object.keys(HANDLING_PATHS).filter(isOthersHandlingPath)).toEqual([
      'practitionerResponse',
      'sampleDiscussion.heldOn',
      'sampleDiscussion.note',
      'goodPractice.what',
      'goodPractice.note',
      'goodPractice.by',
      'goodPractice.byName',
      'goodPractice.on',
    ]);
  });
});
