// How hard an unlock secret is to guess. zxcvbn estimates how many guesses an attacker who knows
// common passwords, words, names and keyboard patterns needs; with the slow key derivation
// (PBKDF2-SHA256, 1,000,000 iterations) a guess costs about 1/8,800 of a second on a high-end
// GPU, so 10^12 guesses is about 3.6 GPU-years to try them all (README, "Device protection").
// The dictionaries are large, so they load only on the screen that needs them.

export const MIN_SECRET_LENGTH = 12;
export const MIN_GUESSES_LOG10 = 12;

export type SecretVerdict = { ok: true } | { ok: false; message: string };

type Checker = (
  secret: string,
  userInputs: string[],
) => { guessesLog10: number; warning: string | null; suggestions: string[] };

let checker: Promise<Checker> | null = null;

async function loadChecker(): Promise<Checker> {
  const [core, common, en] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  const zxcvbn = new core.ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return (secret, userInputs) => {
    const result = zxcvbn.check(secret, userInputs);
    return {
      guessesLog10: result.guessesLog10,
      warning: result.feedback.warning,
      suggestions: result.feedback.suggestions,
    };
  };
}

/** Whether a secret is strong enough to protect the tablet's data, and if not, what to do. */
export async function checkSecret(secret: string, personal: string[]): Promise<SecretVerdict> {
  if (secret.trim().length < MIN_SECRET_LENGTH) {
    return {
      ok: false,
      message: `Your unlock secret must be at least ${MIN_SECRET_LENGTH} characters. Four or more random words work well, like ‘kettle orbit pencil lantern’.`,
    };
  }
  checker ??= loadChecker();
  const result = (await checker)(secret, personal);
  if (result.guessesLog10 < MIN_GUESSES_LOG10) {
    const why = result.warning ? `${result.warning} ` : '';
    return {
      ok: false,
      message: `${why}Choose an unlock secret that is harder to guess: four or more random words work well, like ‘kettle orbit pencil lantern’.`,
    };
  }
  return { ok: true };
}
