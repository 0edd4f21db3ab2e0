import type { Dayjs } from 'dayjs';
import type { ActivityType, ActivityUpdateInput } from '@xianfeng/shared';
import type { ActivityDetail } from '../../activity.types.ts';
import type { ActivityCreateBody } from '../../activities.api.ts';
import { beijing, toBeijingIso } from '../../activity-time.ts';

/** The activity form's values; its sections are in this folder, the page owns loading and saving. */
export type ActivityFormValues = {
  orgId?: number;
  types: ActivityType[];
  title: string;
  startsAt?: Dayjs | null;
  endsAt?: Dayjs | null;
  place?: string;
  hostMemberId?: number | null;
  recorderMemberId?: number | null;
  lecturerMode: 'member' | 'external';
  lecturerMemberId?: number | null;
  lecturerName?: string;
  firstTopic?: string;
  agenda?: string;
  minutes?: string;
  observerComment?: string;
  votes?: { subject: string; yes: number; no: number; abstain: number }[];
  participantMemberIds?: number[];
};

/** Fields the server's validation errors can be placed on. */
export const ACTIVITY_FORM_FIELDS = ['orgId', 'types', 'title', 'startsAt', 'endsAt', 'place', 'hostMemberId', 'recorderMemberId', 'lecturerMemberId', 'lecturerName', 'firstTopic', 'agenda', 'minutes', 'observerComment', 'votes', 'participantMemberIds'];

/** Single-line and plain text fields refuse angle brackets (the server does too). */
export const noAngles = { pattern: /^[^<>]*$/, message: '不能包含尖括号 < >' };

/** 谈心谈话 alone: the host is the 谈话人 and a new record names its 谈话对象. */
export const isTalkOnly = (types: ActivityType[] | undefined) => types?.length === 1 && types[0] === 'heart_talk';

const text = (s: string | undefined) => s?.trim() ?? '';

/** The fields of the form as the API takes them; what the chosen types do not use is cleared. */
export function toActivityFields(v: ActivityFormValues): ActivityUpdateInput {
  const lecture = v.types.includes('party_lecture');
  const external = lecture && v.lecturerMode === 'external';
  return {
    types: v.types,
    title: text(v.title),
    startsAt: toBeijingIso(v.startsAt!),
    endsAt: toBeijingIso(v.endsAt!),
    place: text(v.place),
    hostMemberId: v.hostMemberId ?? null,
    recorderMemberId: v.recorderMemberId ?? null,
    lecturerMemberId: lecture && !external ? (v.lecturerMemberId ?? null) : null,
    lecturerName: external ? text(v.lecturerName) : '',
    firstTopic: text(v.firstTopic),
    agenda: text(v.agenda),
    minutes: v.minutes ?? '',
    observerComment: v.types.includes('central_group_study') ? text(v.observerComment) : '',
    votes: v.types.includes('branch_assembly') ? (v.votes ?? []).map((x) => ({ subject: text(x.subject), yes: x.yes ?? 0, no: x.no ?? 0, abstain: x.abstain ?? 0 })) : [],
  };
}

/** Leaves out empty optional fields (a new record need not send them). */
function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) if (val !== '' && val !== null && !(Array.isArray(val) && val.length === 0 && k !== 'types')) out[k] = val;
  return out as T;
}

/** A new record (or plan): the filled-in fields, and the 谈话对象 of a 谈心谈话. */
export function toActivityCreateBody(v: ActivityFormValues, planned: boolean): ActivityCreateBody {
  return {
    ...compact(toActivityFields(v) as Record<string, unknown>),
    orgId: v.orgId!,
    planned,
    ...(isTalkOnly(v.types) && v.participantMemberIds?.length ? { participantMemberIds: v.participantMemberIds } : {}),
  } as ActivityCreateBody;
}

/** A change of the record; a record that becomes a 谈心谈话 names its 谈话对象 (they become the expected list). */
export function toActivityUpdateBody(v: ActivityFormValues, wasTalkOnly: boolean): ActivityUpdateInput {
  return {
    ...toActivityFields(v),
    ...(isTalkOnly(v.types) && !wasTalkOnly && v.participantMemberIds?.length ? { participantMemberIds: v.participantMemberIds } : {}),
  };
}

/** The record being edited. */
export function toActivityFormValues(a: ActivityDetail): ActivityFormValues {
  return {
    orgId: a.orgId,
    types: a.types,
    title: a.title,
    startsAt: beijing(a.startsAt),
    endsAt: beijing(a.endsAt),
    place: a.place ?? '',
    hostMemberId: a.hostMemberId,
    recorderMemberId: a.recorderMemberId,
    lecturerMode: a.lecturerName ? 'external' : 'member',
    lecturerMemberId: a.lecturerMemberId,
    lecturerName: a.lecturerName ?? '',
    firstTopic: a.firstTopic ?? '',
    agenda: a.agenda ?? '',
    minutes: a.minutes ?? '',
    observerComment: a.observerComment ?? '',
    votes: a.votes.map((v) => ({ subject: v.subject, yes: v.yes, no: v.no, abstain: v.abstain })),
  };
}
