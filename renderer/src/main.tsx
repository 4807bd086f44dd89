import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles/base.css';

// The waiting-room display is its own page (display.html): a display address opened here goes there.
if (new URLSearchParams(location.search).get('mode') === 'display') {
  location.replace(`./display.html${location.search}`);
} else {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
