/** A new record id: a random UUID, which fits the sync id pattern and says nothing about anyone. */
export function newRecordId(): string {
  return crypto.randomUUID();
}
