/** LIKE's special characters escaped (PostgreSQL's default escape character is the backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for "contains this text", typed by a person: their % and _ match themselves. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
