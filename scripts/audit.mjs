// `npm run audit`: npm audit of what Parley ships (no dev dependencies).
// Exits 1 on any high or critical advisory. When the advisory service cannot
// be reached (an offline machine, a registry mirror without the audit
// endpoint), it says so in one line and exits 0: nothing was checked, and the
// line says that plainly rather than passing it off as a clean result.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json', '--loglevel=silent'], { encoding: 'utf8', shell: process.platform === 'win32' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.log(`npm audit: no report (exit ${run.status}): dependencies NOT checked`);
  process.exit(0);
}
if (report.error || report.message) {
  const why = report.error?.summary || report.message || 'unknown error';
  console.log(`npm audit: the advisory service did not answer (${String(why).split('\n')[0]}): dependencies NOT checked`);
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => v.severity === 'high' || v.severity === 'critical');
console.log(`npm audit (production dependencies): ${['critical', 'high', 'moderate', 'low'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}`);
for (const v of serious) console.log(`  ${v.severity}: ${v.name} ${v.range} (${v.via.map((x) => (typeof x === 'string' ? x : x.title)).join('; ')})`);
process.exit(serious.length ? 1 : 0);
