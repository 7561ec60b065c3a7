import { describe, expect, test } from 'vitest';
import { cpConferenceChairingV1 } from '../templates/cp-conference-chairing';
import { frontlinePracticeV1 } from '../templates/frontline-practice';
import { lacReviewChairingV2 } from '../templates/lac-review-chairing';
import { meetingTypeAnswer } from './meeting-type';

describe('the type of meeting an assignment names', () => {
  test.each([
    ['Initial child protection conference', 'initial'],
    ['Review conference', 'review'],
    ['Pre-birth initial conference', 'pre-birth'],
    ['Transfer-in conference', 'transfer-in'],
    ['INITIAL', 'initial'],
  ])('a conference planned as “%s” is answered %s', (meeting, key) => {
    expect(meetingTypeAnswer(cpConferenceChairingV1, meeting)).toEqual({
      path: 'responses.conference-type.value',
      key,
    });
  });

  test('a looked-after review planned by its number is answered so', () => {
    expect(meetingTypeAnswer(lacReviewChairingV2, 'Second review, Amara')).toEqual({
      path: 'responses.review-number.value',
      key: 'second',
    });
  });

  test.each([
    'Child protection conference',
    'ICPC',
    'Conference: initial',
    'Initially planned conference',
    '',
  ])('words that name no type (“%s”) leave it for the observer', (meeting) => {
    expect(meetingTypeAnswer(cpConferenceChairingV1, meeting)).toBeNull();
  });

  test('a checklist with no type question answers nothing', () => {
    expect(meetingTypeAnswer(frontlinePracticeV1, 'Initial visit')).toBeNull();
  });
});
