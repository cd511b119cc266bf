import type { ControllerConfig, LocalisedText } from '@dsr/shared/controller';
import type { Locale } from '@dsr/shared/text';
import { escapeHtml as e } from '../../../mail/layout.ts';
import { formatDate } from '../../notifications/subject-mails.ts';
import type { Localised } from '../datamap.schema.ts';
import { REPORT_TEXTS } from './report-texts.ts';

// report.html: the Art. 15(1) information in the request's language, one self-contained page (inline
// CSS, no script, readable on a phone): what the file holds per source and table, purposes,
// categories, recipients, retention, origin, the subject's rights and how to complain.

export interface ReportTable {
  source: string;
  table: string;
  description: string | null;
  category: string;
  rows: number;
  retention: { years: number; from: string; basis: string } | null;
  /** Paths inside the ZIP holding this table's rows. */
  files: string[];
}

export interface ReportInput {
  locale: Locale;
  controller: ControllerConfig;
  reference: string;
  receivedAt: Date;
  generatedAt: Date;
  publicUrl: string;
  tables: ReportTable[];
  attachments: string[];
  excludedRows: number;
}

export function localised(value: Localised | LocalisedText | undefined, locale: Locale): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  return value[locale] ?? value.fr ?? value.en ?? null;
}

const CSS = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0;padding:1rem;max-width:48rem;margin-inline:auto}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e3e3e3;vertical-align:top}
td.n{text-align:right}code{font-size:.9em;word-break:break-all}.muted{color:#555}`;

export function renderReport(input: ReportInput): string {
  const t = REPORT_TEXTS[input.locale];
  const colon = input.locale === 'fr' ? ' : ' : ': ';
  const { controller, locale } = input;
  const date = (d: Date) => e(formatDate(d, locale, controller.timeZone));
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
  const contents = input.tables.length
    ? `<table><thead><tr><th>${t.source}</th><th>${t.table}</th><th>${t.category}</th><th>${t.rows}</th><th>${t.files}</th></tr></thead><tbody>${input.tables
        .map(
          (r) =>
            `<tr><td>${e(r.source)}</td><td>${e(r.description ?? r.table)}<br><code>${e(r.table)}</code></td><td>${e(r.category)}</td><td class="n">${r.rows}</td><td>${r.files.map((f) => `<code>${e(f)}</code>`).join('<br>')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${t.noData}</p>`;
  const purposes = controller.purposes.length
    ? list(
        controller.purposes.map((p) => {
          const basis = localised(p.basis, locale);
          return `${e(localised(p.purpose, locale) ?? '')}${basis ? ` <span class="muted">(${t.basis}${colon}${e(basis)})</span>` : ''}`;
        }),
      )
    : `<p>${e(t.purposesFallback)}</p>`;
  const categories = [...new Set(input.tables.map((r) => r.category))];
  const recipients = controller.recipients.length
    ? list(controller.recipients.map((r) => `${e(r.name)} — ${e(r.categories.join(', '))}`))
    : `<p>${e(t.noRecipients)}</p>`;
  const retention = list([
    ...input.tables.map(
      (r) =>
        `${e(r.description ?? r.table)}${colon}${e(r.retention ? t.retentionRule(r.retention.years, r.retention.from, r.retention.basis) : t.retentionDefault)}`,
    ),
    e(t.requestRecords(controller.retention.closedRequestsYears)),
    e(t.exportAvailable(controller.retention.exportDays)),
  ]);
  const authority = controller.supervisoryAuthority;
  const body = [
    `<h1>${t.title}</h1>`,
    `<p>${e(t.intro(controller.name, input.reference))}</p>`,
    `<p class="muted">${t.received} ${date(input.receivedAt)} · ${t.generated} ${date(input.generatedAt)}</p>`,
    `<h2>${t.contents}</h2>`,
    contents,
    input.attachments.length
      ? `<p>${t.attachments}${colon.trimEnd()}</p>${list(input.attachments.map((a) => `<code>${e(a)}</code>`))}`
      : '',
    input.excludedRows > 0 ? `<p>${e(t.leftOut(input.excludedRows))}</p>` : '',
    `<h2>${t.purposes}</h2>`,
    purposes,
    `<h2>${t.categories}</h2>`,
    categories.length ? list(categories.map(e)) : `<p>${t.noData}</p>`,
    `<h2>${t.recipients}</h2>`,
    recipients,
    `<h2>${t.retention}</h2>`,
    retention,
    `<h2>${t.origin}</h2>`,
    `<p>${e(localised(controller.dataOrigin, locale) ?? t.originDefault)}</p>`,
    `<h2>${t.rights}</h2>`,
    list(t.rightsList.map(e)),
    `<p>${e(t.rightsWhere(input.publicUrl))}</p>`,
    `<h2>${t.complain}</h2>`,
    `<p>${e(t.complainText(`${authority.name} (${authority.shortName})`))}</p>`,
    list([
      `${t.website}${colon}${e(authority.website)}`,
      `${t.phone}${colon}${e(authority.phone)}`,
      `${t.address}${colon}${e(authority.address)}`,
    ]),
    `<h2>${t.contact}</h2>`,
    `<p>${e(controller.legalName ?? controller.name)} — ${e(controller.postalAddress)}<br>${e(controller.contactEmail)}${controller.dpo?.email ? `<br>DPO${colon}${e(controller.dpo.email)}` : ''}</p>`,
  ];
  return `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${t.title} — ${e(input.reference)}</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>\n`;
}
