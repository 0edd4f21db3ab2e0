import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void) {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/**
 * Whether the operating system asks for less motion (Windows「显示动画」off, macOS「减少动态效果」).
 * antd animates every dialog, dropdown and message regardless; we turn its motion off when asked —
 * on a slow office PC a zooming dialog also swallows the click that lands mid-animation.
 */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}
