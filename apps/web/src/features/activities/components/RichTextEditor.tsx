import { useEffect } from 'react';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Placeholder } from '@tiptap/extensions';
import { Button, Divider, Tooltip } from 'antd';
import { BoldOutlined, ItalicOutlined, OrderedListOutlined, RedoOutlined, UnderlineOutlined, UndoOutlined, UnorderedListOutlined } from '@ant-design/icons';
import '../activities.css';

type Props = { value?: string; onChange?: (html: string) => void; placeholder?: string; id?: string };

/** Empty editors answer "<p></p>": store nothing instead. */
const normalise = (html: string) => (html === '<p></p>' ? '' : html);

/**
 * Minutes (会议记录) as rich text: headings, bold/italic/underline, lists and quotes — what the
 * server keeps after sanitising (no links, images, code or styles).
 */
export function RichTextEditor({ value, onChange, placeholder = '请输入会议记录', id }: Props) {
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: false, code: false, codeBlock: false, horizontalRule: false }), Placeholder.configure({ placeholder })],
    content: value ?? '',
    editorProps: { attributes: { class: 'xf-minutes', ...(id ? { id } : {}), 'aria-label': '会议记录' } },
    onUpdate: ({ editor: e }) => onChange?.(normalise(e.getHTML())),
  });

  // A value set from outside (the record loaded for editing) replaces the content; typing does not loop back.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const current = normalise(editor.getHTML());
    if ((value ?? '') !== current) editor.commands.setContent(value ?? '', { emitUpdate: false });
  }, [value, editor]);

  return (
    <div className="xf-editor" data-testid="minutes-editor">
      {editor && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const tool = (title: string, active: boolean, run: () => void, content: React.ReactNode, disabled = false) => (
    <Tooltip title={title} mouseEnterDelay={0.6}>
      <Button
        size="small"
        type={active ? 'primary' : 'text'}
        ghost={active}
        disabled={disabled}
        aria-label={title}
        aria-pressed={active}
        onMouseDown={(e) => e.preventDefault()}
        onClick={run}
        style={{ minWidth: 28 }}
      >
        {content}
      </Button>
    </Tooltip>
  );
  return (
    <div className="xf-editor-toolbar">
      {tool('二级标题', state.h2, () => chain().toggleHeading({ level: 2 }).run(), <b>H2</b>)}
      {tool('三级标题', state.h3, () => chain().toggleHeading({ level: 3 }).run(), <b>H3</b>)}
      <Divider orientation="vertical" style={{ height: 20, margin: '4px 4px' }} />
      {tool('加粗', state.bold, () => chain().toggleBold().run(), <BoldOutlined />)}
      {tool('斜体', state.italic, () => chain().toggleItalic().run(), <ItalicOutlined />)}
      {tool('下划线', state.underline, () => chain().toggleUnderline().run(), <UnderlineOutlined />)}
      <Divider orientation="vertical" style={{ height: 20, margin: '4px 4px' }} />
      {tool('项目符号列表', state.bullet, () => chain().toggleBulletList().run(), <UnorderedListOutlined />)}
      {tool('编号列表', state.ordered, () => chain().toggleOrderedList().run(), <OrderedListOutlined />)}
      {tool('引用', state.quote, () => chain().toggleBlockquote().run(), <span style={{ fontWeight: 700 }}>“</span>)}
      <Divider orientation="vertical" style={{ height: 20, margin: '4px 4px' }} />
      {tool('撤销', false, () => chain().undo().run(), <UndoOutlined />, !state.canUndo)}
      {tool('重做', false, () => chain().redo().run(), <RedoOutlined />, !state.canRedo)}
    </div>
  );
}
