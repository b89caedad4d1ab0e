// npm run bench: figures, then a table of them against their goals (issue 14).
// All traffic goes to loopback addresses (127.0.0.1 and sources in 127.0.0.0/8)
// and every run is bounded in count or time. `npm run bench -- readers` runs
// one part; `--quick` keeps it short for CI (fewer comments and sockets,
// shorter runs: its figures are a smoke test, not the goals' evidence).
import { benchLiveFanout } from './live-fanout.mjs';
import { benchReadersApi } from './readers-api.mjs';
import { benchScale } from './scale.mjs';
import { benchStartup } from './startup.mjs';

const parts = { startup: benchStartup, readers: benchReadersApi, live: benchLiveFanout, scale: benchScale };
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((a) => a in parts);

const rows = [];
for (const name of chosen.length ? chosen : Object.keys(parts)) {
  // A part that fails says so in the table; the others still run.
  try {
    const result = await parts[name]({ quick });
    rows.push(...(result?.rows ?? []));
  } catch (err) {
    console.error(`${name} benchmark failed: ${err.stack}`);
    process.exitCode = 1;
    rows.push({ name, parley: 'not measured', goal: '', verdict: `ERROR (${String(err.message).split('\n')[0].slice(0, 60)})` });
  }
  console.log('');
}
printTable(rows);

/** One line per goal: Parley, baseline, ratio, goal, verdict. */
function printTable(list) {
  const cells = list.map((r) => [
    r.name,
    r.parley,
    r.baseline || '—',
    typeof r.ratio === 'number' ? `${r.ratio.toFixed(2)}×` : r.ratio || '—',
    r.goal,
    typeof r.verdict === 'boolean' ? (r.verdict ? 'pass' : 'FAIL') : r.verdict,
  ]);
  const head = ['row', 'Parley', 'baseline', 'ratio', 'goal', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => x.padEnd(widths[i])).join(' | ');
  console.log(`## summary${quick ? ' (--quick: short runs, fewer comments and sockets)' : ''}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}
