import { useEffect, useRef } from 'react';
import { useBlocker, type Location } from 'react-router';
import { App } from 'antd';

type Ask = { title: string; content: string; okText: string; cancelText?: string };

/**
 * While `active`, leaving the page asks first — in the console (a confirm dialog) and in the
 * browser (its own beforeunload prompt). `leaves` says which moves count (default: another path).
 */
export function useLeaveGuard(active: boolean, ask: Ask, leaves: (from: Location, to: Location) => boolean = (a, b) => a.pathname !== b.pathname) {
  const { modal } = App.useApp();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => active && leaves(currentLocation, nextLocation));
  const asking = useRef(false);
  const { title, content, okText, cancelText = '留在本页' } = ask;
  useEffect(() => {
    if (blocker.state !== 'blocked' || asking.current) return;
    asking.current = true;
    modal.confirm({
      title,
      content,
      okText,
      cancelText,
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
      afterClose: () => (asking.current = false),
    });
  }, [blocker, modal, title, content, okText, cancelText]);
  useEffect(() => {
    if (!active) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}
