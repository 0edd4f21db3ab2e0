/**
 * The server sanitises minutes when they are saved; this second pass before rendering keeps the
 * same allow-list (formatting tags only, no attributes) so that nothing else can reach the page.
 * DOMParser builds an inert document: nothing in it runs or loads.
 */
const ALLOWED = new Set(['P', 'BR', 'STRONG', 'B', 'EM', 'I', 'U', 'S', 'H1', 'H2', 'H3', 'H4', 'OL', 'UL', 'LI', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'HR']);
const DROP_WITH_CONTENT = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'MATH']);

function clean(node: Node, doc: Document): Node[] {
  if (node.nodeType === Node.TEXT_NODE) return [doc.createTextNode(node.textContent ?? '')];
  if (node.nodeType !== Node.ELEMENT_NODE) return [];
  const el = node as Element;
  const tag = el.tagName.toUpperCase();
  if (DROP_WITH_CONTENT.has(tag)) return [];
  const children = [...el.childNodes].flatMap((c) => clean(c, doc));
  if (!ALLOWED.has(tag)) return children;
  const copy = doc.createElement(tag.toLowerCase());
  children.forEach((c) => copy.appendChild(c));
  return [copy];
}

export function safeMinutesHtml(html: string): string {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const out = document.implementation.createHTMLDocument('');
  const box = out.createElement('div');
  [...parsed.body.childNodes].flatMap((c) => clean(c, out)).forEach((c) => box.appendChild(c));
  return box.innerHTML;
}
