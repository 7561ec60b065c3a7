// Field paths (`responses.quorate.evidence`) become element ids the error summary links to. Ids
// keep the path readable, with dots swapped for a character CSS selectors do not need escaping.
export function fieldId(path: string): string {
  return `f-${path.replace(/\./g, '--')}`;
}

export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  return list.length > 0 ? list.join(' ') : undefined;
}
