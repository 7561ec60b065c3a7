import { describe, expect, test } from 'vitest';
import type { DirectorNotice, NoticeDelivery } from '../../schemas/sync/concerns';
import { describeDirectorNotice } from './director-notice';

const queued: NoticeDelivery = { state: 'queued', sentAt: null };
const retrying: NoticeDelivery = { state: 'retrying', sentAt: null };
// 09:42 UTC on 1 May is 10:42 in London (summer time).
const sent: NoticeDelivery = { state: 'sent', sentAt: '2026-05-01T09:42:10.000Z' };
const notice = (over: Partial<DirectorNotice>): DirectorNotice => ({
  email: null,
  webhook: null,
  inApp: true,
  ...over,
});

describe('what the person who raised a concern is told about the Director', () => {
  test('no email or alert set up: only in the app, said plainly, and they must phone', () => {
    expect(describeDirectorNotice(notice({}))).toEqual({
      lines: [
        'This server is not set up to send email or alerts, so the Director of Children’s Social Care is not sent anything: they will see this concern only when they next open the app.',
      ],
      pending: false,
      phone: true,
    });
  });

  test('an email on its way: being sent now, nothing to phone about yet, asked again', () => {
    expect(describeDirectorNotice(notice({ email: queued }))).toEqual({
      lines: [
        'An email to the Director of Children’s Social Care is being sent now.',
        'The Director will also see it in the app, in the safety concern log, the next time they open it.',
      ],
      pending: true,
      phone: false,
    });
  });

  test('the email went: when, in London time', () => {
    const words = describeDirectorNotice(notice({ email: sent }));
    expect(words.lines[0]).toBe(
      'An email went to the Director of Children’s Social Care at 10:42am.',
    );
    expect(words).toMatchObject({ pending: false, phone: false });
  });

  test('the mail server refusing or down: not gone yet, still trying, and they must phone', () => {
    const words = describeDirectorNotice(notice({ email: retrying }));
    expect(words.lines[0]).toBe(
      'The email to the Director of Children’s Social Care has not gone yet: the mail server could not be reached or did not accept it. The server keeps trying.',
    );
    expect(words).toMatchObject({ pending: true, phone: true });
  });

  test('only the alerting webhook: it was told, and the Director is not emailed', () => {
    expect(describeDirectorNotice(notice({ webhook: sent })).lines).toEqual([
      'The authority’s alerting system was told at 10:42am.',
      'The server does not send email, so the Director of Children’s Social Care is not emailed.',
      'The Director will also see it in the app, in the safety concern log, the next time they open it.',
    ]);
  });

  test('one way gone and the other failing: something reached them, no need to phone', () => {
    const words = describeDirectorNotice(notice({ email: retrying, webhook: sent }));
    expect(words).toMatchObject({ pending: true, phone: false });
    expect(words.lines).toEqual([
      'The email to the Director of Children’s Social Care has not gone yet: the mail server could not be reached or did not accept it. The server keeps trying.',
      'The authority’s alerting system was told at 10:42am.',
      'The Director will also see it in the app, in the safety concern log, the next time they open it.',
    ]);
  });

  test('no director has an account: said so, and they must phone', () => {
    const words = describeDirectorNotice(notice({ inApp: false }));
    expect(words.lines).toEqual([
      'No director has an account in this app, so the app cannot tell them.',
    ]);
    expect(words.phone).toBe(true);
  });

  test('deleted before it went: not sent, and they must phone', () => {
    const words = describeDirectorNotice(notice({ email: { state: 'stopped', sentAt: null } }));
    expect(words.lines[0]).toBe(
      'The email to the Director of Children’s Social Care was not sent: the concern has since been deleted.',
    );
    expect(words).toMatchObject({ pending: false, phone: true });
  });
});
