import { describe, expect, it } from 'vitest';
import { fitTransform, focusOf, LEGIBLE_SCALE } from './fit';

describe('fitTransform', () => {
  it('fits and centres a picture that is legible at the fitting scale', () => {
    const t = fitTransform({ width: 1000, height: 544, top: 44 }, { width: 800, height: 400 }, null);
    expect(t.k).toBeCloseTo(1.25);
    expect(t.x).toBeCloseTo(0);
    expect(t.y).toBeCloseTo(44);
  });

  it('never goes below the legible scale, and centres on the focus when it overflows', () => {
    const t = fitTransform({ width: 700, height: 270, top: 44 }, { width: 1190, height: 428 }, { x1: 900, y1: 250, x2: 1100, y2: 350 });
    expect(t.k).toBe(LEGIBLE_SCALE);
    // the picture is wider than the pane: it never shows empty space past the right edge
    expect(t.x).toBeCloseTo(700 - 1190 * LEGIBLE_SCALE);
    // vertically the focus (250..350, low in the picture) pulls the view down to the bottom edge,
    // and the room kept for the buttons is used too, since the picture overflows anyway
    expect(t.y).toBeCloseTo(270 - 428 * LEGIBLE_SCALE);
    // a focus in the middle is centred
    const mid = fitTransform({ width: 700, height: 270, top: 44 }, { width: 1190, height: 428 }, { x1: 500, y1: 200, x2: 690, y2: 228 });
    expect(mid.y + 214 * mid.k).toBeCloseTo(135);
    expect(mid.x + 595 * mid.k).toBeCloseTo(350);
  });

  it('keeps a small picture from blowing up past the maximum scale', () => {
    const t = fitTransform({ width: 2000, height: 2000, top: 0 }, { width: 100, height: 100 }, null);
    expect(t.k).toBe(1.6);
  });

  it('gives the bounding box of points', () => {
    expect(focusOf([])).toBeNull();
    expect(focusOf([{ x: 3, y: 9 }, { x: -1, y: 4 }])).toEqual({ x1: -1, y1: 4, x2: 3, y2: 9 });
  });
});
