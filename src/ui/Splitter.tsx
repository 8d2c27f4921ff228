// A drag splitter between two panes; arrow keys resize it too (keyboard-resizable).
import { useRef } from 'react';
import { tr } from './i18n';

export interface SplitterProps {
  /** 'vertical' = a vertical bar that resizes widths; 'horizontal' = resizes heights */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  /** +1: dragging right/down grows the value; -1: shrinks it */
  sign?: 1 | -1;
  label: string;
  onChange(px: number): void;
}

export function Splitter({ orientation, value, min, max, sign = 1, label, onChange }: SplitterProps) {
  const start = useRef<{ pos: number; value: number } | null>(null);
  const clamp = (v: number) => Math.max(min, Math.min(max, v));
  const vertical = orientation === 'vertical';
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      tabIndex={0}
      aria-orientation={orientation}
      aria-label={tr('splitter.label', { pane: label })}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      onPointerDown={(e) => {
        (e.target as HTMLElement).setPointerCapture(e.pointerId);
        start.current = { pos: vertical ? e.clientX : e.clientY, value };
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const d = (vertical ? e.clientX : e.clientY) - start.current.pos;
        onChange(clamp(start.current.value + sign * d));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 64 : 16;
        const grow = vertical ? e.key === 'ArrowRight' : e.key === 'ArrowDown';
        const shrink = vertical ? e.key === 'ArrowLeft' : e.key === 'ArrowUp';
        if (grow || shrink) {
          e.preventDefault();
          e.stopPropagation();
          onChange(clamp(value + (grow ? sign : -sign) * step));
        }
      }}
    />
  );
}
