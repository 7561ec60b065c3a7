// While a window locks or signs out, its page takes no input. Locking saves what the forms hold,
// then closes the store; a key accepted after that last save was read would be shown in the box
// and lost with the form (a window asked by another to save and lock, typed into at that instant).
// So from the moment locking begins, the app's page is `inert`: no key, tap or focus reaches it,
// and what the last save reads is everything the boxes show. The screen that follows (the lock
// screen, or sign-in) is rendered in its place with the page taking input again; a lock abandoned
// half-way gives the page back as it was.
// Plain TypeScript over one element, so the session controller stays testable without a screen.

/** The element whose input stops: the app's root (tests supply their own). */
export type PageElement = { inert: boolean };

export type PageInput = {
  /**
   * Stops the page taking input, synchronously, until every hold taken has been let go; returns
   * the letting go (safe to call more than once). Holds overlap: a lock heard while a sign-out
   * holds the page keeps it held until both are done.
   */
  hold(): () => void;
};

export function createPageInput(page: PageElement | null): PageInput {
  let holds = 0;
  return {
    hold() {
      if (!page) return () => undefined;
      holds++;
      page.inert = true;
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        holds--;
        if (holds === 0) page.inert = false;
      };
    },
  };
}
