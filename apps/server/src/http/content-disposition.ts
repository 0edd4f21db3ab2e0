/**
 * RFC 6266 Content-Disposition for a download: an ASCII fallback for old clients and the UTF-8
 * name (RFC 5987) that browsers, Word and WPS use, so Chinese file names arrive intact.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
