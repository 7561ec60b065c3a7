// Whether a moderator's view of a judgement agrees with the observer's grade: the one rule the
// moderation page ("Where your grades differ") and the quarterly report's moderation agreement
// both use. When the moderator gives a grade, the grades are compared: a moderator who said "No, I
// disagree" and then gave the observer's own grade agrees with it. When they give none, what they
// said (agree or disagree) decides.

/**
 * Whether the moderator's view agrees with the observer's grade, or undefined when the comment
 * says neither (no grade, and no agree or disagree). `moderatorGrade` and `agrees` are the comment's
 * fields as stored: anything other than a grade key or a boolean counts as not given.
 */
export function moderatorAgrees(
  observerGrade: string | undefined,
  moderatorGrade: unknown,
  agrees: unknown,
): boolean | undefined {
  if (typeof moderatorGrade === 'string' && moderatorGrade !== '')
    return moderatorGrade === observerGrade;
  return typeof agrees === 'boolean' ? agrees : undefined;
}
