// Where focus lands when the address changes inside the app. A page reached by an address that
// names a part of it (`/moderation/:id#judgement-…` after a comment is saved, `/?page=2#submitted`
// from a page link) is drawn only once its records are read: focus must wait for that part and
// go to it, not fall to the body with the page scrolled back to the top.
import { act, fireEvent, render, screen } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import { saveFields } from '../db';
import { HomePage, PAGE_SIZE } from '../features/home/home-page';
import { FRAGMENT_WAIT_MS, useArrivalFocus } from './arrival-focus';

/** A page whose parts appear only after its (slow) records are read. */
function ListPage() {
  const { query } = useLocation();
  const [items, setItems] = useState<number[] | null>(null);
  useEffect(() => {
    setItems(null);
    const t = setTimeout(() => setItems([1, 2, 3]), 50);
    return () => clearTimeout(t);
  }, [query['page']]);
  return (
    <>
      <h1>The list</h1>
      <h2 id="more" tabIndex={-1}>
        More (page {query['page'] ?? '1'})
      </h2>
      {items?.map((n) => (
        <div key={n} id={`item-${n}`} tabIndex={-1}>
          Item {n} <a href={`/list/${n}`}>Comment on item {n}</a>
        </div>
      ))}
      <a href="/list?page=2#more">Page 2</a>
      <a href="/list#nothing-here">Nowhere</a>
    </>
  );
}

function EditPage({ n }: { n: string }) {
  const { route } = useLocation();
  return (
    <>
      <h1>Comment on item {n}</h1>
      <button type="button" onClick={() => route(`/list#item-${n}`)}>
        Save comment
      </button>
    </>
  );
}

function Shell({ children }: { children: ComponentChildren }) {
  useArrivalFocus();
  return (
    <main id="main-content" tabIndex={-1}>
      {children}
    </main>
  );
}

function showApp(at: string) {
  history.replaceState(null, '', at);
  render(
    <LocationProvider>
      <Shell>
        <Router>
          <Route path="/list" component={ListPage} />
          <Route path="/list/:n" component={({ n }: { n: string }) => <EditPage n={n} />} />
        </Router>
      </Shell>
    </LocationProvider>,
  );
}

let scrolledTo: unknown[][];
beforeEach(() => {
  scrolledTo = [];
  vi.spyOn(window, 'scrollTo').mockImplementation((...args: unknown[]) => {
    scrolledTo.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  history.replaceState(null, '', '/');
});

describe('focus when the address changes', () => {
  test('a new screen starts at the top of the main content', async () => {
    showApp('/list');
    await screen.findByText('Item 2');
    fireEvent.click(screen.getByRole('link', { name: 'Comment on item 2' }));
    await screen.findByRole('heading', { name: 'Comment on item 2' });
    expect(document.activeElement?.id).toBe('main-content');
    expect(scrolledTo.at(-1)).toEqual([0, 0]);
  });

  test('back from a form to the part it named: focus goes there once it is drawn, not to the top', async () => {
    showApp('/list/2');
    await screen.findByRole('heading', { name: 'Comment on item 2' });
    scrolledTo = [];
    const scrolled = vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(() => {});
    fireEvent.click(screen.getByRole('button', { name: 'Save comment' }));
    await screen.findByText('Item 2');
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('item-2'));
    expect(scrolled.mock.contexts.at(-1)).toBe(document.getElementById('item-2'));
    expect(scrolledTo).toEqual([]);
  });

  test('a page link that keeps the path goes to the part it names', async () => {
    showApp('/list');
    await screen.findByText('Item 2');
    scrolledTo = [];
    const link = screen.getByRole('link', { name: 'Page 2' });
    link.focus();
    fireEvent.click(link);
    await screen.findByText('More (page 2)');
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('more'));
    expect(scrolledTo).toEqual([]);
  });

  test('a part that never appears: the start of the page, after a wait', async () => {
    showApp('/list');
    await screen.findByText('Item 2');
    vi.useFakeTimers();
    scrolledTo = [];
    const link = screen.getByRole('link', { name: 'Nowhere' });
    link.focus();
    fireEvent.click(link);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(FRAGMENT_WAIT_MS - 100);
    });
    expect(document.activeElement?.id).not.toBe('main-content');
    expect(scrolledTo).toEqual([]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    expect(document.activeElement?.id).toBe('main-content');
    expect(scrolledTo).toEqual([[0, 0]]);
  });
});

describe('the pages that are sent to a part of themselves', () => {
  let fx: ServicesFixture | undefined;
  afterEach(async () => {
    await fx?.store.close();
    fx = undefined;
  });

  test('home: a page link of the submitted list takes focus to the list’s heading', async () => {
    fx = await servicesFixture();
    for (let i = 0; i <= PAGE_SIZE; i++)
      await saveFields(fx.store.db, fx.store.cipher, {
        recordId: `observation-${String(i).padStart(4, '0')}`,
        type: 'observation',
        scopeId: 'scope-practice-group-a',
        changes: { kind: 'frontline-practice', status: 'submitted', 'context.caseId': `AB-${i}` },
      });
    history.replaceState(null, '', '/');
    render(
      <fx.Wrapper>
        <LocationProvider>
          <Shell>
            <HomePage />
          </Shell>
        </LocationProvider>
      </fx.Wrapper>,
    );
    const next = await screen.findByRole('link', { name: 'Page 2' });
    scrolledTo = [];
    next.focus();
    fireEvent.click(next);
    await screen.findByText(/Showing 51 to 51 of 51/);
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('submitted'));
    // happy-dom focuses any element; a browser only one that can take focus.
    expect(document.activeElement?.getAttribute('tabindex')).toBe('-1');
    expect(scrolledTo).toEqual([]);
  });
});
