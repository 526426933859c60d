/**
 * The few ANSI styles the stylish report uses, as chalk writes them at level 1 (16 colours): a
 * style closes before each line break and opens again after it, so a pager or CI log that shows
 * lines one by one keeps it. Hand-written because chalk loads node:tty and node:os to detect colour
 * support, which the CLI decides itself (--color, NO_COLOR, FORCE_COLOR, a terminal).
 */
export interface Ansi {
  red: Style;
  yellow: Style;
  blue: Style;
  green: Style;
  dim: Style;
  bold: Style;
  underline: Style;
}

export type Style = (text: string) => string;

const CODES: Record<keyof Ansi, [open: number, close: number]> = {
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  green: [32, 39],
  dim: [2, 22],
  bold: [1, 22],
  underline: [4, 24],
};

/** Styles that write escape codes when `enabled`, and return the text unchanged otherwise. */
export function ansi(enabled: boolean): Ansi {
  const styles = {} as Ansi;
  for (const [name, [open, close]] of Object.entries(CODES) as Array<[keyof Ansi, [number, number]]>) {
    styles[name] = enabled ? style(`\u001b[${open}m`, `\u001b[${close}m`) : (text) => text;
  }
  return styles;
}

function style(open: string, close: string): Style {
  return (text) => {
    if (text === '') return text;
    // A close code inside the text (a nested style ending) would end this style too: reopen it there.
    const nested = text.includes(close) ? text.split(close).join(close + open) : text;
    return open + nested.replace(/\r?\n/g, (lineBreak) => close + lineBreak + open) + close;
  };
}
