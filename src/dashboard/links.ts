// Links into the dashboard from outside it (mail, webhooks). /admin reads the
// fragment (client-widget/src/dashboard/filters.ts): it opens the site's
// pending queue and selects the comment when it is on the first page.
export const dashboardLink = (origin: string, siteId: string, commentId?: string) =>
  `${origin}/admin#site=${encodeURIComponent(siteId)}${commentId ? `&comment=${encodeURIComponent(commentId)}` : ''}`;
