import { maskIdNumber, maskPhone, normalizeIdNumber, type MemberCreateInput } from '@xianfeng/shared';
import type { NewMember } from '../../db/schema.ts';
import type { FieldCipher } from '../../lib/field-cipher.ts';
import type { MemberListRow } from './members.repository.ts';
import { idNumberKey } from './person-match.ts';

/** Members belong to a 党支部 (of any kind) or one of its 党小组 (ORG-12, in shared). */
export { MEMBER_ORG_TYPES } from '@xianfeng/shared';

/** Input → columns, encrypting the personal data and keeping a masked copy for lists. */
export function memberColumns(input: Omit<MemberCreateInput, 'orgId'> & { orgId: number }, cipher: FieldCipher, now: Date): NewMember {
  const idNumber = normalizeIdNumber(input.idNumber);
  return {
    org_id: input.orgId,
    name: input.name,
    gender: input.gender,
    ethnicity: input.ethnicity,
    id_number_enc: cipher.encrypt(idNumber),
    id_number_hmac: idNumberKey(cipher, idNumber),
    id_number_masked: maskIdNumber(idNumber),
    birth_date: input.birthDate,
    education: input.education ?? null,
    category: input.category,
    join_date: input.joinDate,
    full_date: input.fullDate ?? null,
    job_post: input.jobPost ?? null,
    phone_enc: input.phone ? cipher.encrypt(input.phone) : null,
    phone_masked: input.phone ? maskPhone(input.phone) : null,
    address_enc: input.address ? cipher.encrypt(input.address) : null,
    lost_contact: input.lostContact,
    lost_contact_date: input.lostContact ? (input.lostContactDate ?? null) : null,
    flowing: input.flowing,
    flow_to: input.flowing ? (input.flowTo ?? null) : null,
    rank: input.rank ?? null,
    party_post: input.partyPost ?? null,
    cadre_type: input.cadreType ?? null,
    hardship: input.hardship,
    retired: input.retired,
    updated_at: now,
  };
}

/** What lists and details show: personal data masked. */
export function toMemberDto(r: MemberListRow) {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    gender: r.gender,
    ethnicity: r.ethnicity,
    idNumber: r.id_number_masked,
    birthDate: r.birth_date,
    education: r.education,
    category: r.category,
    joinDate: r.join_date,
    fullDate: r.full_date,
    jobPost: r.job_post,
    phone: r.phone_masked,
    status: r.status,
    rank: r.rank,
    partyPost: r.party_post,
    cadreType: r.cadre_type,
    lostContact: r.lost_contact,
    lostContactDate: r.lost_contact_date,
    flowing: r.flowing,
    flowTo: r.flow_to,
    hardship: r.hardship,
    retired: r.retired,
  };
}

/** The audit trail keeps masked personal data, never the plain value. */
export function auditView(columns: Partial<NewMember>) {
  const { id_number_enc, id_number_hmac, phone_enc, address_enc, ...rest } = columns;
  return { ...rest, address: address_enc ? '（已加密）' : null };
}
