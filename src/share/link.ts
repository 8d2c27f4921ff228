// How long a share link is, and which common places would refuse or mangle it.
// The limits and where each number comes from are in docs/share.md ("Link length"); the ones
// marked approximate there are rules of thumb, not documented hard limits.
import { t } from '../i18n';

export interface LinkLimit {
  /** characters */
  limit: number;
  /** catalogue id of the warning shown past the limit */
  id: string;
  /** false where the number is a documented, fixed limit; true for rules of thumb */
  approximate: boolean;
}

export const LINK_LIMITS: readonly LinkLimit[] = [
  { limit: 2000, id: 'share.length.warn.2000', approximate: true },
  { limit: 4096, id: 'share.length.warn.4096', approximate: true },
  { limit: 8192, id: 'share.length.warn.8192', approximate: false },
  { limit: 32768, id: 'share.length.warn.32768', approximate: true },
  { limit: 2 * 1024 * 1024, id: 'share.length.warn.2097152', approximate: false },
];

export interface LinkReport {
  length: number;
  /** messages for a person, mildest first; empty when the link is short enough for everything listed */
  warnings: string[];
  /** the limits the link passes, for UIs that show a gauge */
  exceeded: LinkLimit[];
  /** "Link length: 2,433 characters" */
  summary: string;
}

function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function linkReport(url: string): LinkReport {
  const length = typeof url === 'string' ? url.length : 0;
  const exceeded = LINK_LIMITS.filter((l) => length > l.limit);
  return {
    length,
    warnings: exceeded.map((l) => t(l.id, { limit: grouped(l.limit) })),
    exceeded,
    summary: t('share.length', { length: grouped(length) }),
  };
}
