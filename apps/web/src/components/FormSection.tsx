import type { ReactNode } from 'react';
import { Divider } from 'antd';

/** One titled part of a long form (基本信息, 党籍信息, …); the first sits flush with the card's top. */
export function FormSection({ title, first, children }: { title: string; first?: boolean; children: ReactNode }) {
  return (
    <>
      <Divider titlePlacement="start" plain style={first ? { marginTop: 0 } : undefined}>
        {title}
      </Divider>
      {children}
    </>
  );
}
