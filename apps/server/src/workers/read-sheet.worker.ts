import { parentPort, workerData } from 'node:worker_threads';
import { readSheet } from 'read-excel-file/node';
import { checkActualSize, XlsxRefused, type XlsxLimits } from '../lib/xlsx-guard.ts';

// Reads the first sheet of an uploaded .xlsx off the main thread: unzipping and parsing a large
// roster takes seconds of CPU, during which the server would answer nobody. The real inflated
// size and row count are checked first, streaming, before the parser sees the file.

type Input = { buffer: Uint8Array; limits: XlsxLimits };
const { buffer, limits } = workerData.input as Input;

try {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  await checkActualSize(bytes, limits);
  const rows = await readSheet(bytes);
  parentPort!.postMessage({ ok: true, rows });
} catch (e) {
  const refused = e instanceof XlsxRefused;
  parentPort!.postMessage({ ok: false, message: refused ? e.message : '无法读取文件，请上传 .xlsx 格式的 Excel 文件' });
}
