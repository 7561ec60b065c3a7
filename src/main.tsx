import { render } from 'preact';
import './styles/app.scss';
import { App } from './app/app';
import { registerServiceWorker } from './sw/register';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');

const root = document.getElementById('app');
if (root) render(<App />, root);

registerServiceWorker((apply) => {
  window.dispatchEvent(new CustomEvent('app-update-ready', { detail: apply }));
});
