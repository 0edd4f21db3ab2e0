import { z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { activityStatuses, activityTypes, attendanceStatuses, attendeeKinds } from './activity.contract.ts';

// What a member does and sees of organisational life: signing in by QR code, the secretary's answer
// to a sign-in from outside the expected list, attendance rates and the member's own page. The
// record itself (inputs, detail, list) is activity.contract.ts.

export const signInInput = z.object({ token: z.string().min(10).max(500) }).strict();
/** The secretary's answer to a sign-in from outside the expected list. */
export const signInConfirmInput = z.object({ accept: z.boolean() }).strict();

/** The signed sign-in token shown as a QR code, and the window it is valid in. */
export const signInCodeDto = z.object({ token: z.string(), path: z.string(), validFrom: timestamp, validUntil: timestamp });

export const signInResultDto = z.object({
  activityId: int,
  title: z.string(),
  orgName: z.string(),
  signedInAt: timestamp,
  kind: z.enum(attendeeKinds.values),
  /** Signed in before: nothing changed. */
  pending: z.boolean(),
  already: z.boolean(),
});

/** One member's attendance in the approved activities of a year; rate is null without any expected. */
export const attendanceRateDto = z.object({
  memberId: int,
  memberName: z.string(),
  expected: int,
  present: int,
  leave: int,
  absent: int,
  rate: z.number().nullable(),
});
export const attendanceRatesDto = z.array(attendanceRateDto);

/** An activity on the member's own page (GET /api/my/activities). */
export const myActivityDto = z.object({
  id: int,
  title: z.string(),
  types: z.array(z.enum(activityTypes.values)),
  status: z.enum(activityStatuses.values),
  startsAt: timestamp,
  endsAt: timestamp,
  heldOn: day,
  place: z.string().nullable(),
  orgName: z.string(),
  kind: z.enum(attendeeKinds.values),
  attendance: z.enum(attendanceStatuses.values).nullable(),
  signedInAt: timestamp.nullable(),
  /** Signed in from outside the expected list; waits for the secretary's confirmation. */
  pending: z.boolean(),
});
export const myActivitiesDto = z.object({
  upcoming: z.array(myActivityDto),
  history: z.array(myActivityDto),
  year: int,
  expected: int,
  present: int,
  rate: z.number().nullable(),
});
