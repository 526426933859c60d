import { CST, Lexer } from 'yaml';

const MARK = 'kube-intent-ignore';

/**
 * The YAML comments of a text that can suppress findings, by 1-based line: found through the
 * `yaml` lexer's comment tokens, so a `# kube-intent-ignore` inside a block scalar (a script in a
 * ConfigMap) or a quoted string is data, not a comment. Texts that never mention the marker are
 * not lexed at all.
 */
export function suppressionComments(text: string, lineOf: (offset: number) => number): Map<number, string> {
  const comments = new Map<number, string>();
  if (!text.includes(MARK)) return comments;
  let offset = 0;
  let atScalar = false;
  for (const token of new Lexer().lex(text)) {
    // The lexer marks each scalar with a control token that takes no room in the text; the next
    // token is the scalar's source, even when it starts with `#` (a block scalar's content).
    if (atScalar) {
      atScalar = false;
      offset += token.length;
      continue;
    }
    const type = CST.tokenType(token);
    if (type === 'scalar') atScalar = true;
    else if (type !== 'doc-mode' && type !== 'flow-error-end') {
      if (type === 'comment' && token.includes(MARK)) comments.set(lineOf(offset), token.slice(1).trim());
      offset += token.length;
    }
  }
  return comments;
}
