import { Header } from './header';

// The app shell. Screens arrive with the tablet-app issue; the shell must render offline from the
// service worker's precache.
export function App() {
  return (
    <>
      <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <Header />
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          <h1 class="govuk-heading-l" data-testid="app-shell">
            Practice observations
          </h1>
          <p class="govuk-body">
            Record observations of practice on this device, with or without a signal.
          </p>
        </main>
      </div>
    </>
  );
}
