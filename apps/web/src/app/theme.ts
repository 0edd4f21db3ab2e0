import type { ThemeConfig } from 'antd';

/** Party red on a neutral, dense layout suited to 1366×768 office screens. */
export const PARTY_RED = '#c41d1d';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: '#a8071a',
    borderRadius: 4,
    fontSize: 13,
  },
  components: {
    Layout: { headerBg: PARTY_RED, headerHeight: 52, headerPadding: '0 20px', siderBg: '#ffffff' },
    Menu: { itemSelectedBg: '#fff1f0', itemSelectedColor: PARTY_RED, itemHeight: 40 },
    Table: { cellPaddingBlockSM: 6 },
  },
};
