// A small POSIX-shell-like tokenizer for pasted command lines (curl, helm): whitespace splits
// words; single quotes are literal; double quotes allow \" \\ \$ \` escapes; a backslash outside
// quotes escapes the next character; backslash-newline is a line continuation. No expansion.

export interface ShellToken {
  /** the word after quote removal */
  value: string;
  /** offset of the word's first character in the line */
  start: number;
  /** offset just past the word */
  end: number;
  /** true when the word contained quotes or escapes (value differs from the raw text) */
  quoted: boolean;
}

export interface ShellResult {
  tokens: ShellToken[];
  /** offset of an unterminated quote, or null */
  unterminated: number | null;
}

export function tokenize(line: string): ShellResult {
  const tokens: ShellToken[] = [];
  let i = 0;
  let unterminated: number | null = null;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === '\\' && (line[i + 1] === '\n' || (line[i + 1] === '\r' && line[i + 2] === '\n'))) {
      i += line[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' ) {
      // a comment runs to the end of the line
      while (i < n && line[i] !== '\n') i++;
      continue;
    }
    const start = i;
    let value = '';
    let quoted = false;
    while (i < n) {
      const ch = line[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') break;
      if (ch === '\\') {
        if (line[i + 1] === '\n') {
          i += 2;
          quoted = true;
          continue;
        }
        if (i + 1 < n) value += line[i + 1];
        i += 2;
        quoted = true;
        continue;
      }
      if (ch === "'") {
        const close = line.indexOf("'", i + 1);
        quoted = true;
        if (close === -1) {
          unterminated ??= i;
          value += line.slice(i + 1);
          i = n;
          break;
        }
        value += line.slice(i + 1, close);
        i = close + 1;
        continue;
      }
      if (ch === '"') {
        quoted = true;
        let j = i + 1;
        let closed = false;
        while (j < n) {
          const d = line[j]!;
          if (d === '\\' && j + 1 < n && '"\\$`\n'.includes(line[j + 1]!)) {
            if (line[j + 1] !== '\n') value += line[j + 1];
            j += 2;
            continue;
          }
          if (d === '"') {
            closed = true;
            break;
          }
          value += d;
          j++;
        }
        if (!closed) {
          unterminated ??= i;
          i = n;
          break;
        }
        i = j + 1;
        continue;
      }
      value += ch;
      i++;
    }
    tokens.push({ value, start, end: i, quoted });
  }
  return { tokens, unterminated };
}
