import dayjs, { type Dayjs } from 'dayjs';

/** The API speaks ISO dates (YYYY-MM-DD); antd pickers speak dayjs. */
export const toDay = (s: string | null | undefined): Dayjs | undefined => (s ? dayjs(s) : undefined);
export const fromDay = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM-DD') : undefined);
export const today = () => dayjs().format('YYYY-MM-DD');
export const formatDateTime = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm:ss') : '—');
export const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
