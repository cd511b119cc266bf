import type { PrivacyPolicy } from '@dsr/shared/controller';
import type { PublicPrivacyPolicy } from '@dsr/shared/public-profile';
import MarkdownIt from 'markdown-it';

// The controller's privacy policy is Markdown written by whoever deploys the portal: rendered once
// at start by markdown-it with raw HTML off (tags are shown as text, never interpreted) and its
// default link check (no javascript:, vbscript:, file: or data: links). Headings start at h2: the
// page's own title is the h1.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

export function renderPolicy(policy: PrivacyPolicy | undefined): PublicPrivacyPolicy | null {
  if (!policy) return null;
  if ('url' in policy) return { url: policy.url };
  const html: { fr?: string; en?: string } = {};
  for (const locale of ['fr', 'en'] as const) {
    const source = policy.markdown[locale];
    if (source !== undefined) html[locale] = renderMarkdown(source);
  }
  return { html };
}

export function renderMarkdown(source: string): string {
  const tokens = md.parse(source, {});
  for (const token of tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1')
      token.tag = 'h2';
  }
  return md.renderer.render(tokens, md.options, {});
}
