import { unzipSync } from 'fflate';

/**
 * The paragraphs of a Word (.docx) document as text (题库 from Word, EX-23): word/document.xml read
 * out of the archive — nothing else inflated, and only when it declares at most `maxBytes` — each
 * <w:p> a paragraph of its runs' text (tabs as spaces, line breaks as new paragraphs), marked when Word
 * numbered it itself. Null when the file is not a readable .docx.
 */
export function docxParagraphs(data: Buffer, maxBytes = 20 * 1024 * 1024): { text: string; numbered: boolean }[] | null {
  let xml: string;
  try {
    const files = unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.length), { filter: (f) => f.name === 'word/document.xml' && f.originalSize <= maxBytes });
    const doc = files['word/document.xml'];
    if (!doc) return null;
    xml = new TextDecoder().decode(doc);
  } catch {
    return null;
  }
  const out: { text: string; numbered: boolean }[] = [];
  for (const p of xml.split(/<\/w:p>/)) {
    const start = Math.max(p.lastIndexOf('<w:p>'), p.lastIndexOf('<w:p '));
    if (start < 0) continue;
    const body = p.slice(start);
    const numbered = /<w:numPr>/.test(body);
    const text = body
      .replace(/<w:tab\/>/g, ' ')
      .replace(/<w:br\/>/g, '\n')
      .replace(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<[^>]+>/g, (_, t: string | undefined) => t ?? '');
    const lines = decode(text).split('\n');
    lines.forEach((line, i) => out.push({ text: line, numbered: numbered && i === 0 }));
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e.toLowerCase()]));
