// The English strings the first render does not need (see strings.ts): in the
// feature chunk (more.ts), which loads right after the first render.

export const enLater = {
  copied: 'Link copied.',
  save: 'Save',
  cancel: 'Cancel',
  confirmDelete: 'Delete this comment? This cannot be undone.',
  deleted: 'Your comment has been deleted.',
  published: 'Your comment has been published.',
  fresh: { one: '{n} new comment', other: '{n} new comments' },
  shown: { one: '{n} new comment shown.', other: '{n} new comments shown.' },
  bodyRequired: 'Comment is required.',
  bodyLong: 'Comment must be at most 10,000 characters.',
  nameRequired: 'Name is required.',
  nameLong: 'Name must be at most 100 characters.',
  emailRequired: 'Email is required.',
  emailInvalid: 'Email must be a valid address.',
  websiteInvalid: 'Website must be an http:// or https:// address.',
};
