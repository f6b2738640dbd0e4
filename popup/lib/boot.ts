// Imported first by main.tsx: ES modules evaluate in import order, so the background requests
// leave before React and the screens are evaluated.
import { boot } from './store.ts';

boot();
