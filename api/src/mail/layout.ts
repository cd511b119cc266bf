export interface LayoutInput {
  locale: string;
  title: string;
  /** Plain text; escaped for HTML. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Plain text lines (controller identity, why this mail was sent). */
  footer: string | string[];
}

export interface RenderedBody {
  text: string;
  html: string;
}

/**
 * The shared frame of every mail: the same content as plain text and as HTML with inline styles
 * only (mail clients drop <style> and external CSS). Every value is escaped here, so templates
 * pass plain strings.
 */
export function renderLayout(input: LayoutInput): RenderedBody {
  const footer = Array.isArray(input.footer) ? input.footer : [input.footer];
  const action = input.action ? { label: input.action.label, url: safeUrl(input.action.url) } : undefined;

  const text = [
    input.title,
    '',
    ...input.paragraphs.flatMap((p) => [p, '']),
    ...(action ? [`${action.label}${input.locale === 'fr' ? '\u202f:' : ':'}`, action.url, ''] : []),
    '--',
    ...footer,
    '',
  ].join('\n');

  const paragraphs = input.paragraphs
    .map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="display:inline-block;` +
      'padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;' +
      `font-weight:bold">${escapeHtml(action.label)}</a></p>\n` +
      `<p style="margin:0 0 16px;font-size:13px;color:#4b5563;word-break:break-all">${escapeHtml(action.url)}</p>`
    : '';
  const footerHtml = footer.map(escapeHtml).join('<br>');

  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(input.locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.title)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;color:#111827">
<h1 style="margin:0 0 24px;font-size:22px;line-height:1.3">${escapeHtml(input.title)}</h1>
${paragraphs}
${button}
<hr style="border:none;border-top:1px solid #e5e7eb;margin:24px 0">
<p style="margin:0;font-size:13px;line-height:1.5;color:#4b5563">${footerHtml}</p>
</div>
</body>
</html>
`;
  return { text, html };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Links in mail are built from PUBLIC_URL; refuse anything but http(s) rather than render a
// `javascript:` or `data:` link.
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error('mail: action url must be http(s)');
  }
  return parsed.href;
}
