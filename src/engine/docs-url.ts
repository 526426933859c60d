/**
 * Where built-in rules are documented: docs/rules.md on the repository's default branch (the
 * `repository` of package.json), one section per rule anchored by its id, with an anchor for every
 * former id too. Rule ids are public contracts, so the links survive releases and renames.
 */
export const RULES_PAGE_URL = 'https://github.com/kube-intent/kube-intent/blob/main/docs/rules.md';

export function builtinRuleDocsUrl(id: string): string {
  return `${RULES_PAGE_URL}#${id}`;
}
