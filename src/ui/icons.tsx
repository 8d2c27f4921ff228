// Small inline icons (fonts on a projector laptop may lack the media glyphs).
const P = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;

export const IconPlay = () => (
  <svg {...P}>
    <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
  </svg>
);
export const IconPause = () => (
  <svg {...P}>
    <path d="M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z" fill="currentColor" />
  </svg>
);
export const IconBack = () => (
  <svg {...P}>
    <path d="M3 2.5h2v11H3zM14 2.5v11L6 8z" fill="currentColor" />
  </svg>
);
export const IconForward = () => (
  <svg {...P}>
    <path d="M11 2.5h2v11h-2zM2 2.5v11L10 8z" fill="currentColor" />
  </svg>
);
export const IconRestart = () => (
  <svg {...P}>
    <path d="M8 3a5 5 0 1 1-4.6 3H1.5L4.5 2.5 7.5 6H5.6A3.2 3.2 0 1 0 8 4.8z" fill="currentColor" />
  </svg>
);
