import { useState } from 'react';
import { api, ApiError, errorMessage } from '../api/client.ts';
import type { ImportError } from '../api/types.ts';

/** What an all-or-nothing Excel import answered: written (the server's answer) or every bad cell. */
export type UploadOutcome<T> = { ok: true; result: T } | { ok: false; errors: ImportError[] };

/**
 * One Excel file chosen, sent, and answered: the state every import dialog holds. A 400 carrying
 * row errors becomes `{ ok: false, errors }`; any other failure is `error` (a Chinese message).
 */
export function useExcelUpload<T>(path: string, onWritten?: (result: T) => unknown) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<UploadOutcome<T> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setOutcome(null);
    setError(null);
  };
  const start = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const result = await api<T>('POST', path, { form });
      setOutcome({ ok: true, result });
      await onWritten?.(result);
    } catch (e) {
      const rows = e instanceof ApiError && Array.isArray(e.details) && (e.details as ImportError[])[0]?.row !== undefined ? (e.details as ImportError[]) : null;
      if (rows) setOutcome({ ok: false, errors: rows });
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { file, setFile, busy, outcome, error, setError, reset, start };
}
