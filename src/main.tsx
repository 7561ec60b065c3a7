import { render } from 'preact';
import './styles/app.scss';
import { App } from './app/app';
import { createSessionController } from './app/session';
import { registerServiceWorker } from './sw/register';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');

const root = document.getElementById('app');
const controller = createSessionController({ deviceName: 'Tablet', page: root });
if (root) render(<App controller={controller} />, root);

registerServiceWorker((apply) => {
  // Kept for screens that mount later than the event.
  (window as { __appUpdate?: () => Promise<void> }).__appUpdate = apply;
  window.dispatchEvent(new CustomEvent('app-update-ready', { detail: apply }));
});
