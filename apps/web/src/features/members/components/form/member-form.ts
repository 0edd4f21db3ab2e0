import type { Dayjs } from 'dayjs';
import type { MemberCreateInput } from '@xianfeng/shared';
import type { MemberDetail, MemberSensitive } from '../../../../api/types.ts';
import { fromDay, toDay } from '../../../../lib/dates.ts';

/** The member form's values; its sections are in this folder, the page owns loading and saving. */
export type MemberFormValues = {
  orgId: number;
  name: string;
  gender: '男' | '女';
  ethnicity: string;
  idNumber: string;
  birthDate: Dayjs;
  education?: string | null;
  category: 'full' | 'probationary';
  joinDate: Dayjs;
  fullDate?: Dayjs | null;
  jobPost?: string | null;
  phone?: string | null;
  address?: string | null;
  lostContact: boolean;
  lostContactDate?: Dayjs | null;
  flowing: boolean;
  flowTo?: string | null;
  rank?: string | null;
  partyPost?: string | null;
  cadreType?: string | null;
  hardship: boolean;
  retired: boolean;
};

/** Fields the server's validation errors can be placed on. */
export const MEMBER_FORM_FIELDS = [
  'orgId', 'name', 'gender', 'ethnicity', 'idNumber', 'birthDate', 'education', 'category', 'joinDate', 'fullDate', 'jobPost', 'phone', 'address',
  'lostContact', 'lostContactDate', 'flowing', 'flowTo', 'rank', 'partyPost', 'cadreType', 'hardship', 'retired',
];

export const MEMBER_FORM_DEFAULTS: Partial<MemberFormValues> = { ethnicity: '汉族', category: 'full', lostContact: false, flowing: false, hardship: false, retired: false };

const blank = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

export function toMemberInput(v: MemberFormValues): MemberCreateInput {
  return {
    orgId: v.orgId,
    name: v.name.trim(),
    gender: v.gender,
    ethnicity: v.ethnicity?.trim() || '汉族',
    idNumber: v.idNumber.trim().toUpperCase(),
    birthDate: fromDay(v.birthDate)!,
    education: (v.education ?? null) as MemberCreateInput['education'],
    category: v.category,
    joinDate: fromDay(v.joinDate)!,
    fullDate: fromDay(v.fullDate) ?? null,
    jobPost: blank(v.jobPost),
    phone: blank(v.phone),
    address: blank(v.address),
    lostContact: !!v.lostContact,
    lostContactDate: v.lostContact ? (fromDay(v.lostContactDate) ?? null) : null,
    flowing: !!v.flowing,
    flowTo: v.flowing ? blank(v.flowTo) : null,
    rank: (v.rank ?? null) as MemberCreateInput['rank'],
    partyPost: blank(v.partyPost),
    cadreType: (v.cadreType ?? null) as MemberCreateInput['cadreType'],
    hardship: !!v.hardship,
    retired: !!v.retired,
  };
}

/** The record being edited, with its full ID number, phone and address. */
export function toMemberFormValues(m: MemberDetail, s: MemberSensitive): MemberFormValues {
  return {
    orgId: m.orgId,
    name: m.name,
    gender: m.gender as MemberFormValues['gender'],
    ethnicity: m.ethnicity,
    idNumber: s.idNumber,
    birthDate: toDay(m.birthDate)!,
    education: m.education,
    category: m.category as MemberFormValues['category'],
    joinDate: toDay(m.joinDate)!,
    fullDate: toDay(m.fullDate) ?? null,
    jobPost: m.jobPost,
    phone: s.phone,
    address: s.address,
    lostContact: m.lostContact,
    lostContactDate: toDay(m.lostContactDate) ?? null,
    flowing: m.flowing,
    flowTo: m.flowTo,
    rank: m.rank,
    partyPost: m.partyPost,
    cadreType: m.cadreType,
    hardship: m.hardship,
    retired: m.retired,
  };
}
