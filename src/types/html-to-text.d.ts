// html-to-text ships no type declarations; this is the one function the mail parser uses.
declare module 'html-to-text' {
  export function htmlToText(html: string, options?: { wordwrap?: number | false | null; limits?: { maxDepth?: number } }): string;
}
