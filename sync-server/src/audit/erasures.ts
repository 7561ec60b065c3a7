// Erased audit content and the deletions that account for it.

/** The action of the entry a retention deletion appends for each record it deletes (its root). */
export const RETENTION_DELETE = 'admin:retention-delete';
