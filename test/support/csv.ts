/**
 * An RFC 4180 reader, for tests: quoted cells (with "" for a quote, and line breaks inside), CRLF
 * or LF between records. Independent of the renderer it checks.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endCell = () => {
    record.push(cell);
    cell = "";
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endCell();
      records.push(record);
      record = [];
      i++;
    } else if (ch === "\n") {
      endCell();
      records.push(record);
      record = [];
    } else cell += ch;
    i++;
  }
  if (quoted) throw new Error("unterminated quoted cell");
  if (cell !== "" || record.length > 0) {
    endCell();
    records.push(record);
  }
  return records;
}
