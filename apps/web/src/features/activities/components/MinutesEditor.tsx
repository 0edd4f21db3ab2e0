import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';

// The editor (Tiptap + ProseMirror) is most of the form's code: the other fields render first
// while it loads, which matters on a slow office PC.
const RichTextEditor = lazy(() => import('./RichTextEditor.tsx').then((m) => ({ default: m.RichTextEditor })));

type Props = { value?: string; onChange?: (html: string) => void; placeholder?: string; id?: string };

/** The minutes field of the activity form: a rich-text editor loaded on demand. */
export function MinutesEditor(props: Props) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 5 }} style={{ padding: 12, border: '1px solid #d9d9d9', borderRadius: 4 }} />}>
      <RichTextEditor {...props} />
    </Suspense>
  );
}
