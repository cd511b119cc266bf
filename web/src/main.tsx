import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createRouter } from './app/router.tsx';
import { loadProfile, setProfile } from './lib/controller.ts';
import { I18nProvider } from './lib/i18n.tsx';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root element missing from index.html');

const root = container;

// The server puts the controller profile in the page: this resolves at once (no request).
void loadProfile().then((profile) => {
  setProfile(profile);
  const router = createRouter();
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <RouterProvider router={router} />
      </I18nProvider>
    </StrictMode>,
  );
});
