/**
 * Plain text sent as `format=flowed` (RFC 3676) turned back into its paragraphs, quote depth by quote depth.
 *
 * A flowed line ends with a space: the mail program wrapped it and the reader joins it with the next. A quoted
 * line begins with its depth in `>`s, and RFC 3676 §4.5 joins a flowed line only with a next line of the same
 * depth: joining across depths (as mailparser's decoder does) glues the visitor's last line to the quote under
 * it, where the quote stripper can no longer find the quote. Each line is read once: linear in the text's length.
 */

/** The signature separator (`-- `): never flowed, although it ends with a space. */
const signatureSeparator = '-- ';

/**
 * `text` (already decoded from its charset) with its flowed lines joined: each quoted line written back as
 * `> ` per depth and its content, space-stuffing removed, and with `delSp` (`DelSp=yes`) the space that marks a
 * flowed line removed too (it was added by the wrapping, as between words of a language without spaces).
 *
 * @example
 * decodeFlowed('I think \nso.\n> On Mon \n> Jane wrote:\n', false);
 * // 'I think so.\n> On Mon Jane wrote:\n'
 */
export function decodeFlowed(text: string, delSp: boolean): string {
  const out: string[] = [];
  /** The paragraph being joined and its depth; `undefined` after a fixed line. */
  let paragraph: string | undefined;
  let paragraphDepth = 0;
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let depth = 0;
    while (line.charCodeAt(depth) === 0x3e /* > */) depth += 1;
    let content = depth === 0 ? line : line.slice(depth);
    if (content.charCodeAt(0) === 0x20 /* space-stuffing */) content = content.slice(1);
    // A flowed line followed by one of another depth ends there (RFC 3676 §4.5: the sender erred, keep it fixed).
    if (paragraph !== undefined && paragraphDepth !== depth) {
      out.push(quotePrefix(paragraphDepth) + paragraph);
      paragraph = undefined;
    }
    const flowed = content.endsWith(' ') && content !== signatureSeparator;
    const piece = flowed && delSp ? content.slice(0, -1) : content;
    if (paragraph === undefined) {
      paragraph = piece;
      paragraphDepth = depth;
    } else paragraph += piece;
    if (!flowed) {
      out.push(quotePrefix(depth) + paragraph);
      paragraph = undefined;
    }
  }
  if (paragraph !== undefined) out.push(quotePrefix(paragraphDepth) + paragraph);
  return out.join('\n');
}

function quotePrefix(depth: number): string {
  return depth === 0 ? '' : `${'>'.repeat(depth)} `;
}
