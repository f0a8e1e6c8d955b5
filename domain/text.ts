/** Control characters other than tab, line feed and carriage return (PostgreSQL cannot store a NUL in text). */
export const hasControlCharacter = (s: string) =>
  [...s].some((ch) => {
    const c = ch.charCodeAt(0);
    return (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;
  });
