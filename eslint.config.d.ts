import type { Linter } from 'eslint';

/** The rule that keeps one feature folder from importing its siblings (see eslint.config.js). */
export function featureRule(feature: string, all: string[]): Linter.Config;
declare const config: Linter.Config[];
export default config;
