import './lib/boot.ts';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

// The stores already hold the cached portfolio (boot.ts read it synchronously), so the first
// render is rendered and committed right here rather than in a later scheduler task: the
// browser's first paint then has content instead of an empty shell.
const root = createRoot(document.getElementById('root')!);
flushSync(() => root.render(<App />));
