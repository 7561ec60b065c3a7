/** `/help/accessibility` and `/help/privacy`: the pages anyone may open before signing in. */
export function publicHelpPage(path: string): 'accessibility' | 'privacy' | null {
  return path === '/help/accessibility'
    ? 'accessibility'
    : path === '/help/privacy'
      ? 'privacy'
      : null;
}
