// A question or label as it reads inside a sentence ("Change how consent was given"): its first
// letter lower-cased, unless its first word is an acronym ("LAC", "IRO", "CP") or starts a proper
// noun ("Signs of Safety: …"), which keep their capitals. The rest is left as written ("case ID").

/** A word of two or more capitals, such as an acronym ("IRO", "CP", "LAC's"). */
const ACRONYM = /^[A-Z][A-Z0-9]+\b/;

/**
 * Whether the text starts with a proper noun of more than one word: its first clause (up to a
 * colon, comma, bracket or dash) has a later word with a capital followed by small letters, as
 * "Signs of Safety" has. An acronym later in it ("Case ID") is not one.
 */
function startsWithProperNoun(text: string): boolean {
  const clause = text.split(/[:,;(–—]/)[0] ?? '';
  return clause
    .split(/\s+/)
    .slice(1)
    .some((word) => /^[A-Z][a-z]/.test(word));
}

export function midSentence(text: string): string {
  if (ACRONYM.test(text) || startsWithProperNoun(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
