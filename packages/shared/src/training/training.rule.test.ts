import { describe, expect, it } from 'vitest';
import { traineeOutcome, type TraineeExamResult } from './training.contract.ts';

const took = (score: number | null, passed: boolean): TraineeExamResult => ({ taken: true, score, passed });
const none: TraineeExamResult = { taken: false, score: null, passed: false };

describe('traineeOutcome (TR-3, TR-8: attendance, 入学必测, 结业必考)', () => {
  it.each([
    ['no exams named: attendance alone decides', { present: 4, held: 5, minAttendance: 80 }, true, '出勤4/5次（80%）'],
    ['no exams named, attendance short', { present: 3, held: 5, minAttendance: 80 }, false, '出勤率60%，低于结业要求80%'],
    ['nothing held', { present: 0, held: 0, minAttendance: 80, entry: took(50, false), final: took(90, true) }, false, '培训班未登记任何课程考勤'],
    ['entry taken (even failed) and final passed', { present: 5, held: 5, minAttendance: 80, entry: took(40, false), final: took(85, true) }, true, '出勤5/5次（100%），结业考试85分'],
    ['entry test not taken', { present: 5, held: 5, minAttendance: 80, entry: none, final: took(85, true) }, false, '未参加入学测试'],
    ['final exam not taken', { present: 5, held: 5, minAttendance: 80, entry: took(70, true), final: none }, false, '未参加结业考试'],
    ['final exam failed', { present: 5, held: 5, minAttendance: 80, final: took(52, false) }, false, '结业考试52分，未达到及格线'],
    ['every shortfall is named', { present: 1, held: 5, minAttendance: 80, entry: none, final: took(30, false) }, false, '出勤率20%，低于结业要求80%；未参加入学测试；结业考试30分，未达到及格线'],
    ['only a final exam named, entry absent', { present: 4, held: 4, minAttendance: 100, entry: null, final: took(60, true) }, true, '出勤4/4次（100%），结业考试60分'],
  ])('%s', (_name, input, completed, reason) => {
    expect(traineeOutcome(input)).toEqual({ completed, reason });
  });
});
