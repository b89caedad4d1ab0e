// The one element the dashboard draws into: <main id="app"> in the /admin shell (src/dashboard/page.ts).
export const app = document.getElementById('app')!;
