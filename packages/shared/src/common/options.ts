/** A closed list of codes with their Chinese labels: the UI and Excel speak the label, the API the code. */
export type Option<T extends string> = { value: T; label: string };

export function defineOptions<const T extends string>(entries: Record<T, string>) {
  const values = Object.keys(entries) as [T, ...T[]];
  const options: Option<T>[] = values.map((value) => ({ value, label: entries[value] }));
  const byLabel = new Map(options.map((o) => [o.label, o.value]));
  return {
    values,
    options,
    label: (value: T | null | undefined) => (value ? entries[value] : ''),
    fromLabel: (label: string): T | undefined => byLabel.get(label.trim()) ?? (values.includes(label.trim() as T) ? (label.trim() as T) : undefined),
  };
}
