// Loads one of the widget's lazy files (a language, the live part, the other
// features) from the widget's own server, as a script: no CORS involved.
import { base } from './config.js';

const loaded = new Map<string, Promise<void>>();

export function loadScript(name: string): Promise<void> {
  let p = loaded.get(name);
  if (!p) {
    p = new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = `${base}/${name}`;
      s.async = true;
      s.onload = () => resolve();
      s.onerror = () => (loaded.delete(name), reject(new Error(name)));
      document.head.append(s);
    });
    loaded.set(name, p);
  }
  return p;
}
