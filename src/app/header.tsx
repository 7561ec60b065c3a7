import type { ComponentChildren } from 'preact';

export type NavItem = {
  href: string;
  text: string;
  /** How many things there wait for the person: shown beside the text, named "2 waiting". */
  waiting?: number;
};

/**
 * An item's text with what waits there: seen as a count beside it, heard in its name ("Safety
 * concerns, 2 waiting"), which starts with the visible text (WCAG 2.5.3). Not a live region: the
 * menu is on every screen, and would speak again at every sync.
 */
function ItemText({ item }: { item: NavItem }) {
  if (!item.waiting) return <>{item.text}</>;
  return (
    <>
      {item.text}
      <span class="app-header__count">{item.waiting}</span>
    </>
  );
}

const itemName = (item: NavItem) =>
  item.waiting ? `${item.text}, ${item.waiting} waiting` : undefined;

export function Header({
  nav,
  current,
  authority,
  right,
}: {
  nav: NavItem[];
  current: string;
  authority?: string;
  right?: ComponentChildren;
}) {
  return (
    <header class="app-header">
      <section
        aria-label="Service"
        class="govuk-service-navigation"
        data-module="govuk-service-navigation"
      >
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <a href="/" class="govuk-service-navigation__link">
                Practice observations
              </a>
              {authority ? <span class="app-header__authority">{authority}</span> : null}
            </span>
            {right ? <div class="app-header__end">{right}</div> : null}
            {nav.length > 0 ? (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper app-header__nav">
                <ul class="govuk-service-navigation__list" id="navigation">
                  {nav.map((item) => {
                    const active =
                      item.href === '/' ? current === '/' : current.startsWith(item.href);
                    return (
                      <li
                        class={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                        key={item.href}
                      >
                        <a
                          class="govuk-service-navigation__link"
                          href={item.href}
                          aria-current={active ? 'page' : undefined}
                          aria-label={itemName(item)}
                        >
                          {active ? (
                            <strong class="govuk-service-navigation__active-fallback">
                              <ItemText item={item} />
                            </strong>
                          ) : (
                            <ItemText item={item} />
                          )}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            ) : null}
          </div>
        </div>
      </section>
    </header>
  );
}
