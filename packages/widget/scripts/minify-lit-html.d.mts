/** `code` (a TypeScript module) with the indentation of its html`` templates squeezed; `undefined` when it has none. */
export function minifyLitHtml(code: string, fileName: string): string | undefined;
