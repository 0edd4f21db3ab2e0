import { fromBufferPromise, type Entry } from 'yauzl';

/**
 * Limits on an uploaded .xlsx, checked before any parsing (docs/SECURITY.md, "bounded input"): a
 * 24 MB file can inflate to gigabytes, and a parser asked to read it would hold the process.
 * - the sizes the archive declares (its central directory): no byte is inflated;
 * - the sizes it really inflates to, as streams of small chunks, counting bytes and worksheet
 *   rows: yauzl stops a stream that inflates beyond its declared size (an archive may lie), and
 *   the declared sizes together are within the limit, so nothing beyond it is ever inflated and
 *   memory holds a chunk at a time.
 */
export type XlsxLimits = {
  /** Uncompressed bytes of all parts together. */
  maxUncompressedBytes: number;
  /** Rows of all worksheets together, the header rows included. */
  maxRows: number;
};

const MAX_ENTRIES = 500;
const MB = 1024 * 1024;

/** A refusal with the Chinese message for the user; plain data, so it crosses a worker boundary. */
export class XlsxRefused extends Error {}

const unreadable = () => new XlsxRefused('无法读取文件，请上传 .xlsx 格式的 Excel 文件');
const tooLarge = (limits: XlsxLimits) => new XlsxRefused(`文件解压后过大（超过${Math.round(limits.maxUncompressedBytes / MB)}MB 的上限），请检查文件或拆分后分批导入`);
const tooManyRows = (limits: XlsxLimits) => new XlsxRefused(`文件行数超过上限（一次最多${limits.maxRows - 1}行），请拆分后分批导入`);

/** Every entry of the central directory, read without inflating anything. */
async function entriesOf(buffer: Buffer) {
  let zip;
  try {
    zip = await fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw unreadable();
  }
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      if (entries.length > MAX_ENTRIES) reject(new XlsxRefused('文件结构异常（包含的部件过多），请用 Excel 另存为 .xlsx 后重新上传'));
      else zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', () => reject(unreadable()));
    zip.readEntry();
  });
  return { zip, entries };
}

function checkDeclared(entries: Entry[], limits: XlsxLimits) {
  if (!entries.some((e) => e.fileName === 'xl/workbook.xml')) throw unreadable();
  const total = entries.reduce((s, e) => s + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) throw tooLarge(limits);
}

/** The declared sizes only: at once, whatever the file claims to hold. */
export async function checkDeclaredSize(buffer: Buffer, limits: XlsxLimits) {
  checkDeclared((await entriesOf(buffer)).entries, limits);
}

/** Counts "<row " / "<row>" across the chunks of a stream, carrying a partial match over each edge. */
function rowCounter() {
  let carry: Buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let n = 0;
    for (let i = data.indexOf('<row'); i >= 0 && i + 4 < data.length; i = data.indexOf('<row', i + 4)) {
      if (data[i + 4] === 0x20 || data[i + 4] === 0x3e) n++;
    }
    carry = data.subarray(Math.max(0, data.length - 4));
    return n;
  };
}

/** Inflates every part as a stream, counting bytes and worksheet rows; stops at the first limit. */
export async function checkActualSize(buffer: Buffer, limits: XlsxLimits) {
  const { zip, entries } = await entriesOf(buffer);
  checkDeclared(entries, limits);
  let total = 0;
  let rows = 0;
  for (const entry of entries) {
    if (entry.fileName.endsWith('/')) continue;
    const countRows = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.fileName) ? rowCounter() : null;
    let stream;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch {
      throw new XlsxRefused('文件已损坏，无法读取');
    }
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (countRows) rows += countRows(chunk);
        if (total > limits.maxUncompressedBytes) throw tooLarge(limits);
        if (rows > limits.maxRows) throw tooManyRows(limits);
      }
    } catch (e) {
      stream.destroy();
      // yauzl ends a stream that inflates past its declared size with an error: the archive lied.
      throw e instanceof XlsxRefused ? e : new XlsxRefused('文件已损坏或声明的大小与内容不符，无法读取');
    }
  }
}
