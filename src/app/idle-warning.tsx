import { useEffect, useRef, useState } from 'preact/hooks';
import type { IdleLock } from './idle-lock';

// A screen reader is told the time when the warning opens and then at most every 20 seconds;
// the visible count goes down each second, hidden from it, so it does not talk over itself. What
// it is told says "within" the time last spoken, so it stays true when read again between updates
// (the dialog's description is read whenever focus enters it).
const SPEAK_EVERY_S = 20;

function inWords(seconds: number): string {
  if (seconds > 0 && seconds % 60 === 0) {
    const m = seconds / 60;
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** "You will be locked soon", modal, while the idle lock's warning is on. */
export function IdleWarning({ idle }: { idle: IdleLock }) {
  if (idle.locksAt === null) return null;
  return <WarningDialog locksAt={idle.locksAt} keepWorking={idle.keepWorking} />;
}

function WarningDialog({ locksAt, keepWorking }: { locksAt: number; keepWorking: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.ceil((locksAt - now) / 1000));
  const [spoken, setSpoken] = useState(left);
  // A password is never kept on the tablet, not even sealed (the admin's first or new password for
  // someone): when one has been typed on the screen, the warning says it will need typing again.
  const [passwordTyped] = useState(() =>
    Array.from(document.querySelectorAll<HTMLInputElement>('input[type="password"]')).some(
      (input) => input.value !== '',
    ),
  );
  const bound = Math.ceil(left / SPEAK_EVERY_S) * SPEAK_EVERY_S;
  if (bound < spoken) setSpoken(bound);

  // Where the person was, so answering puts them back there.
  const before = useRef<Element | null>(null);
  const keep = useRef(() => undefined as void);
  keep.current = () => {
    const d = dialog.current;
    if (d?.open && typeof d.close === 'function') d.close();
    const back = before.current;
    if (back instanceof HTMLElement && back.isConnected) back.focus({ preventScroll: true });
    else document.getElementById('main-content')?.focus({ preventScroll: true });
    keepWorking();
  };

  useEffect(() => {
    before.current = document.activeElement;
    const d = dialog.current;
    // Modal, so nothing behind it can be reached until it is answered.
    if (d && !d.open && typeof d.showModal === 'function') d.showModal();
    button.current?.focus();
    // Escape is an answer too: the person is there.
    const cancel = (e: Event) => {
      e.preventDefault();
      keep.current();
    };
    d?.addEventListener('cancel', cancel);
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      clearInterval(tick);
      d?.removeEventListener('cancel', cancel);
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      class="app-idle-warning"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-time idle-warning-kept"
    >
      <h2 class="govuk-heading-m" id="idle-warning-title">
        You will be locked soon
      </h2>
      <p class="govuk-body" aria-hidden="true">
        The app has not been used for a while. It will lock in <strong>{inWords(left)}</strong>.
      </p>
      <p class="govuk-visually-hidden" id="idle-warning-time" aria-live="polite">
        The app will lock within {inWords(spoken)}.
      </p>
      <p class="govuk-body" id="idle-warning-kept">
        {passwordTyped
          ? 'What you have typed is kept on this tablet, except the password: you will need to type that again. After the lock, your unlock secret opens the app again.'
          : 'What you have typed is kept on this tablet. After the lock, your unlock secret opens it again.'}
      </p>
      <button
        ref={button}
        type="button"
        class="govuk-button govuk-!-margin-bottom-0"
        data-module="govuk-button"
        onClick={() => keep.current()}
      >
        Keep working
      </button>
    </dialog>
  );
}
