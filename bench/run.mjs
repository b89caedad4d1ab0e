// npm run bench: figures, not pass/fail. All traffic goes to 127.0.0.1 and
// every run is bounded in count or time. `npm run bench -- readers` runs one part.
import { benchLiveFanout } from './live-fanout.mjs';
import { benchReadersApi } from './readers-api.mjs';
import { benchStartup } from './startup.mjs';

const parts = { startup: benchStartup, readers: benchReadersApi, live: benchLiveFanout };
const chosen = process.argv.slice(2).filter((a) => a in parts);
for (const name of chosen.length ? chosen : Object.keys(parts)) {
  await parts[name]();
  console.log('');
}
