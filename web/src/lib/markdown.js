// Markdown from users rendered safely: raw HTML in the source is shown as text (never parsed),
// then DOMPurify removes anything that still could run (event handlers, javascript: links).
import { Marked } from 'marked';
import DOMPurify from 'dompurify';

const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    // The page has its own h1: a statement's headings start one level lower.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 1, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('rel', 'noopener noreferrer nofollow');
    node.setAttribute('target', '_blank');
  }
});

const cache = new Map();

export function renderMarkdown(source) {
  if (!source) return '';
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const html = DOMPurify.sanitize(marked.parse(String(source)), {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
  if (cache.size > 200) cache.clear();
  cache.set(source, html);
  return html;
}

/** A statement without a first heading that repeats the title the page already shows. */
export function withoutTitle(text, title) {
  const source = text || '';
  const first = source.match(/^\s*#{1,2}\s+(.+?)\s*(\n|$)/);
  return first && first[1].trim().toLowerCase() === String(title || '').trim().toLowerCase() ? source.slice(first[0].length) : source;
}
