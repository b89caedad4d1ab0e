// Builds the browser bundles served by the server (DESIGN.md §8, §9).
// The widget and the dashboard arrive with their own issues; each will add an
// entry here, and this script prints every bundle's gzipped size and holds
// the widget to its 10 KB budget.
export const entries = [];

export async function buildClients({ quiet = false } = {}) {
  if (entries.length === 0 && !quiet) process.stderr.write('client bundles: none yet\n');
}
