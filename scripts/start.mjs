// `npm start`: builds what changed since the last build (nothing, usually: a
// hash of the sources, ~20 ms), then runs the server in this same process: a
// second `node` would cost its own start-up (~60 ms) before the server's.
import { build } from './build.mjs';

await build({ quiet: true });
await import('../dist/main.js');
