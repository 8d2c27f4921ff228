import { describe, expect, it } from 'vitest';
import { linkReport, LINK_LIMITS } from './link';

describe('linkReport', () => {
  it('has no warning for a short link', () => {
    const r = linkReport('https://hopscope.example/#s=v1.abc');
    expect(r.length).toBe(34);
    expect(r.warnings).toEqual([]);
    expect(r.summary).toBe('Link length: 34 characters');
  });

  it('warns at each threshold, mildest first', () => {
    expect(linkReport('x'.repeat(2000)).warnings).toHaveLength(0);
    expect(linkReport('x'.repeat(2001)).warnings).toHaveLength(1);
    expect(linkReport('x'.repeat(2001)).warnings[0]).toContain('2,000');
    expect(linkReport('x'.repeat(5000)).exceeded.map((l) => l.limit)).toEqual([2000, 4096]);
    expect(linkReport('x'.repeat(9000)).warnings[2]).toContain('8,192');
    const huge = linkReport('x'.repeat(2 * 1024 * 1024 + 1));
    expect(huge.warnings).toHaveLength(LINK_LIMITS.length);
    expect(huge.summary).toBe('Link length: 2,097,153 characters');
    for (const w of huge.warnings) expect(w).not.toMatch(/^share\./);
  });
});

describe('catalogue', () => {
  it('has a message for every link limit, every decode error and every file error', async () => {
    const { hasMessage } = await import('../i18n');
    const ids = [
      ...LINK_LIMITS.map((l) => l.id),
      ...['empty', 'not-hopscope', 'bad-base64', 'corrupt', 'too-large', 'unknown-version', 'bad-json', 'bad-shape'].map((c) => `share.error.${c}`),
      'share.error.kept',
      'share.length',
      'share.embed.title',
      'share.file.header',
      ...['syntax', 'lab', 'requests', 'tooLarge', 'empty'].map((c) => `share.file.error.${c}`),
    ];
    for (const id of ids) expect(hasMessage(id), id).toBe(true);
  });
});
