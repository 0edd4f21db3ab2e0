/**
 * The taker's clock on the phone (EX-21): the countdown runs from the SERVER's deadline against the
 * server's clock, estimated from the `serverNow` of each answer — a phone or office PC whose clock is
 * minutes off still shows the time the server will enforce.
 */

/**
 * The server clock minus the local clock, in ms, from one answer: the server read its clock somewhere
 * between the request leaving (`sentAt`) and the answer arriving (`receivedAt`); the midpoint is the
 * best guess.
 */
export function clockOffset(serverNow: string | Date, sentAt: number, receivedAt: number): number {
  return new Date(serverNow).getTime() - Math.round((sentAt + receivedAt) / 2);
}

/** Milliseconds left until `deadline` on the server's clock (never negative). */
export function remainingMs(deadline: string | Date, offsetMs: number, localNow: number): number {
  return Math.max(0, new Date(deadline).getTime() - (localNow + offsetMs));
}

/** 剩余时间 as 「mm:ss」 (「h:mm:ss」 from an hour); seconds round up, so 00:00 shows only at the end. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** An answer counts as given when it has a non-blank value. */
export function isAnswered(given: readonly string[] | null | undefined): boolean {
  return !!given && given.some((g) => g.trim() !== '');
}

/** The positions not yet answered, for the confirmation before 交卷 (「第3、7题未作答」). */
export function unansweredPositions(questions: readonly { position: number }[], answers: Readonly<Record<number, readonly string[] | null | undefined>>): number[] {
  return questions.filter((q) => !isAnswered(answers[q.position])).map((q) => q.position);
}

/** Where an exam stands for a taker at `now` (server time): 进行中, 未开始 or 已结束. */
export function examPhase(exam: { status: string; opensAt: string | Date; closesAt: string | Date }, now: number): 'open' | 'upcoming' | 'finished' {
  if (exam.status !== 'published' || now >= new Date(exam.closesAt).getTime()) return 'finished';
  return now < new Date(exam.opensAt).getTime() ? 'upcoming' : 'open';
}
