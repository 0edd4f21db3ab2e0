import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Drops a deleted record's cached query once no component shows it any more. Removed while its
 * page is still mounted (the page is navigating away), it would be fetched again at once and
 * answer 404 — an error page flashing by and a failed request in the console.
 */
export function forgetWhenUnused(qc: QueryClient, queryKey: QueryKey) {
  const cache = qc.getQueryCache();
  const query = cache.find({ queryKey, exact: true });
  if (!query) return;
  void qc.cancelQueries({ queryKey, exact: true });
  if (!query.getObserversCount()) {
    cache.remove(query);
    return;
  }
  const unsubscribe = cache.subscribe((e) => {
    if (e.query === query && e.type === 'observerRemoved' && !query.getObserversCount()) {
      unsubscribe();
      cache.remove(query);
    }
  });
}
