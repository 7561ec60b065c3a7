// The pages that change or add a question or a section of a checklist being adapted keep what is
// typed on the tablet as it is typed: the idle lock closes every screen, and an administrator
// rewording guidance must find their words when they unlock.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import { localOnlyWork, readSealed, writeSealed } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { useTemplateDraft } from './template-draft';
import type { TemplateDraft } from './template-draft';
import { TemplateEditorPage } from './template-editor-page';
import { TemplateItemPage, TemplateNewItemPage } from './template-item-page';
import { TemplateNewSectionPage, TemplateSectionPage } from './template-section-page';

const base = builtInTemplates.find((t) => t.id === 'frontline-practice')!;
const section = base.sections[0]!;
const item = section.items[0]!;

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function adapting() {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'admin' };
  const draft: TemplateDraft = {
    base,
    template: { ...structuredClone(base), id: 'frontline-practice-local' },
  };
  await writeSealed(fx.store.db, fx.store.cipher, 'scratch:admin-template-draft', draft);
  return fx;
}

const show = (f: ServicesFixture, page: ComponentChildren) =>
  render(
    <f.Wrapper>
      <LocationProvider>{page}</LocationProvider>
    </f.Wrapper>,
  );

const kept = (f: ServicesFixture, name: string) =>
  readSealed(f.store.db, f.store.cipher, `scratch:form:${name}`);
const unfinished = async (f: ServicesFixture) =>
  (await localOnlyWork(f.store.db, f.store.cipher)).unfinished;
const savedDraft = async (f: ServicesFixture) =>
  (await readSealed<TemplateDraft>(f.store.db, f.store.cipher, 'scratch:admin-template-draft'))!;
const box = (label: string) =>
  screen.findByLabelText(label) as Promise<HTMLInputElement | HTMLTextAreaElement>;

describe('adapting a checklist keeps what is typed through the idle lock', () => {
  test('a question being reworded: back after a remount, its draft gone once saved', async () => {
    const f = await adapting();
    const name = `admin:template-item:${item.id}`;
    const first = show(f, <TemplateItemPage itemId={item.id} />);
    expect((await box('Question')).value).toBe(item.prompt);
    const guidance = `${item.guidance}\n\nLook for the plan in the case notes.`;
    fireEvent.input(await box('What good looks like (guidance)'), {
      target: { value: guidance },
    });
    await waitFor(async () => expect(await kept(f, name)).toMatchObject({ guidance }));
    expect(await unfinished(f)).toBe(2);
    first.unmount();
    show(f, <TemplateItemPage itemId={item.id} />);
    await waitFor(async () =>
      expect((await box('What good looks like (guidance)')).value).toBe(guidance),
    );
    expect((await box('Question')).value).toBe(item.prompt);
    fireEvent.click(screen.getByRole('button', { name: 'Save question' }));
    await waitFor(async () => expect(await kept(f, name)).toBeUndefined());
    const saved = (await savedDraft(f)).template.sections[0]!.items[0]!;
    expect(saved.guidance).toBe(guidance);
    // Only the checklist being adapted is left unfinished.
    expect(await unfinished(f)).toBe(1);
  });

  test('a question typed back to how it was leaves nothing of its own to count', async () => {
    const f = await adapting();
    const name = `admin:template-item:${item.id}`;
    show(f, <TemplateItemPage itemId={item.id} />);
    const question = await box('Question');
    fireEvent.input(question, { target: { value: `${item.prompt}?` } });
    await waitFor(async () =>
      expect(await kept(f, name)).toMatchObject({ prompt: `${item.prompt}?` }),
    );
    fireEvent.input(question, { target: { value: item.prompt } });
    await waitFor(async () => expect(await kept(f, name)).toBeUndefined());
    expect(await unfinished(f)).toBe(1);
  });

  test('a question being added: back after a remount, its draft gone once added', async () => {
    const f = await adapting();
    const name = `admin:template-new-item:${section.id}`;
    const page = <TemplateNewItemPage sectionId={section.id} />;
    const first = show(f, page);
    fireEvent.input(await box('Question'), { target: { value: 'The child’s words are recorded' } });
    fireEvent.input(await box('What good looks like (guidance)'), {
      target: { value: 'The record shows what the child said.' },
    });
    fireEvent.click(screen.getByLabelText('Yes'));
    fireEvent.click(screen.getByLabelText('Yes, no or not applicable'));
    await waitFor(async () => expect(await kept(f, name)).toMatchObject({ type: 'ynna' }));
    first.unmount();
    show(f, page);
    await waitFor(async () =>
      expect((await box('Question')).value).toBe('The child’s words are recorded'),
    );
    expect((await box('What good looks like (guidance)')).value).toBe(
      'The record shows what the child said.',
    );
    expect((screen.getByLabelText('Yes, no or not applicable') as HTMLInputElement).checked).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add question' }));
    await waitFor(async () => expect(await kept(f, name)).toBeUndefined());
    expect((await savedDraft(f)).template.sections[0]!.items.at(-1)!.prompt).toBe(
      'The child’s words are recorded',
    );
    expect(await unfinished(f)).toBe(1);
  });

  test('a section being changed: back after a remount, its draft gone once saved', async () => {
    const f = await adapting();
    const name = `admin:template-section:${section.id}`;
    const page = <TemplateSectionPage sectionId={section.id} />;
    const first = show(f, page);
    expect((await box('Section title')).value).toBe(section.title);
    fireEvent.input(await box('Introduction (optional)'), {
      target: { value: 'Agree the focus with the practitioner first.' },
    });
    await waitFor(async () =>
      expect(await kept(f, name)).toMatchObject({
        description: 'Agree the focus with the practitioner first.',
      }),
    );
    first.unmount();
    show(f, page);
    await waitFor(async () =>
      expect((await box('Introduction (optional)')).value).toBe(
        'Agree the focus with the practitioner first.',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save section' }));
    await waitFor(async () => expect(await kept(f, name)).toBeUndefined());
    expect((await savedDraft(f)).template.sections[0]!.description).toBe(
      'Agree the focus with the practitioner first.',
    );
    expect(await unfinished(f)).toBe(1);
  });

  test('a section being added: back after a remount, its draft gone once added', async () => {
    const f = await adapting();
    const name = 'admin:template-new-section';
    const first = show(f, <TemplateNewSectionPage />);
    fireEvent.input(await box('Section title'), { target: { value: 'Supervision' } });
    await waitFor(async () => expect(await kept(f, name)).toMatchObject({ title: 'Supervision' }));
    first.unmount();
    show(f, <TemplateNewSectionPage />);
    await waitFor(async () => expect((await box('Section title')).value).toBe('Supervision'));
    fireEvent.click(screen.getByRole('button', { name: 'Add section and its first question' }));
    await waitFor(async () => expect(await kept(f, name)).toBeUndefined());
    expect((await savedDraft(f)).template.sections.at(-1)!.title).toBe('Supervision');
    expect(await unfinished(f)).toBe(1);
  });

  test('discarding the checklist takes what was typed on its pages with it', async () => {
    const f = await adapting();
    const name = `admin:template-item:${item.id}`;
    show(f, <TemplateItemPage itemId={item.id} />);
    fireEvent.input(await box('Question'), { target: { value: 'Reworded, never saved' } });
    await waitFor(async () => expect(await kept(f, name)).toBeDefined());
    // As "Discard the draft" and publishing do.
    let save: ((d: TemplateDraft | undefined) => Promise<void>) | undefined;
    function Discard() {
      save = useTemplateDraft().save;
      return null;
    }
    show(f, <Discard />);
    await save!(undefined);
    expect(await kept(f, name)).toBeUndefined();
    expect(await unfinished(f)).toBe(0);
  });
});

// Reordering the sections keeps the keyboard on a Move button, shows it, and says where the section
// went, as moving a question does (use-move-focus.ts).
describe('moving a section of the checklist being adapted', () => {
  const sections = base.sections;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const moveButton = (dir: 'up' | 'down', title: string) =>
    screen.findByRole('button', { name: new RegExp(`^Move ${dir}\\W+${esc(title)}$`) });
  const status = () => document.querySelector('[role="status"]');

  test('to the top: the keyboard goes to its Move down button, and its new place is announced', async () => {
    const f = await adapting();
    show(f, <TemplateEditorPage />);
    const second = sections[1]!;
    const up = await moveButton('up', second.title);
    // The live region is there, empty, before anything moves, so that the change is announced.
    expect(status()?.textContent).toBe('');
    up.focus();
    fireEvent.click(up);
    await waitFor(() =>
      expect(status()?.textContent).toBe(`${second.title} is now section 1 of ${sections.length}`),
    );
    expect((await savedDraft(f)).template.sections[0]!.id).toBe(second.id);
    expect(
      screen.queryByRole('button', { name: new RegExp(`^Move up\\W+${esc(second.title)}$`) }),
    ).toBeNull();
    expect(document.activeElement).toBe(await moveButton('down', second.title));
  });

  test('an ordinary move: the button pressed keeps the keyboard and is scrolled into view', async () => {
    const f = await adapting();
    show(f, <TemplateEditorPage />);
    const first = sections[0]!;
    const down = await moveButton('down', first.title);
    const scrolled = vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(() => {});
    down.focus();
    fireEvent.click(down);
    await waitFor(() =>
      expect(status()?.textContent).toBe(`${first.title} is now section 2 of ${sections.length}`),
    );
    const now = await moveButton('down', first.title);
    expect(document.activeElement).toBe(now);
    expect(scrolled.mock.contexts).toContain(now);
    scrolled.mockRestore();
  });
});

describe('a section’s title names one part of the task list', () => {
  test('a new section called like another part is refused with a summary that goes to its box', async () => {
    const f = await adapting();
    show(f, <TemplateNewSectionPage />);
    fireEvent.input(await box('Section title'), { target: { value: 'overall judgement ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add section and its first question' }));
    const message =
      'The checklist already has a part called ‘overall judgement’: give this section a title of its own';
    const link = await screen.findByRole('link', { name: message });
    expect(link.getAttribute('href')).toBe('#section-title');
    expect((await savedDraft(f)).template.sections).toHaveLength(base.sections.length);
  });

  test('a section renamed like another section is refused; keeping its own title is not', async () => {
    const f = await adapting();
    show(f, <TemplateSectionPage sectionId={section.id} />);
    fireEvent.input(await box('Section title'), { target: { value: base.sections[1]!.title } });
    fireEvent.click(screen.getByRole('button', { name: 'Save section' }));
    await screen.findByRole('link', { name: /already has a part called/ });
    fireEvent.input(await box('Section title'), { target: { value: section.title } });
    fireEvent.click(screen.getByRole('button', { name: 'Save section' }));
    await waitFor(async () =>
      expect(await kept(f, `admin:template-section:${section.id}`)).toBeUndefined(),
    );
  });
});
