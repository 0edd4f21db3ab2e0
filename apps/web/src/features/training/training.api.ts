import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, examListDto, PlanLine, TraineeAttendance, TrainingClassInput, TrainingSessionInput, certificateDto, myTrainingDto, planCountsDto, trainingClassDetailDto, trainingClassListDto } from '@xianfeng/shared';
import { api, get, post, put } from '../../api/client.ts';

// 培训班: the server's answers typed from the response schemas (training.contract.ts).
export type ClassList = JsonOf<typeof trainingClassListDto>;
export type ClassDetail = JsonOf<typeof trainingClassDetailDto>;
export type MyTraining = JsonOf<typeof myTrainingDto>;
export type Certificate = JsonOf<typeof certificateDto>;
export type PlanCounts = JsonOf<typeof planCountsDto>;

const keys = { all: ['training'] as const, list: (year: number) => ['training', 'list', year] as const, one: (id: number) => ['training', 'one', id] as const };

export const useClasses = (year: number) => useQuery({ queryKey: keys.list(year), queryFn: () => get<ClassList>('/training-classes', { year }) });
export const useClass = (id: number) => useQuery({ queryKey: keys.one(id), queryFn: () => get<ClassDetail>(`/training-classes/${id}`) });
export const useMyTraining = () => useQuery({ queryKey: ['training', 'mine'], queryFn: () => get<MyTraining>('/my/training') });
export const useCertificate = (id: number, memberId: number) => useQuery({ queryKey: ['training', 'certificate', id, memberId], queryFn: () => get<Certificate>(`/training-classes/${id}/certificates/${memberId}`) });
export const usePlan = (year: number, orgId?: number) => useQuery({ queryKey: ['training', 'plan', year, orgId], queryFn: () => get<PlanCounts>(`/training-plan/${year}`, { orgId }) });

/** TR-8: the exams of an organisation that may serve as a class's entry test or final exam (the class form's pickers). */
export const useClassExamOptions = (orgId: number | undefined, purpose: 'training_entry' | 'training_final') =>
  useQuery({
    queryKey: ['exams', 'for-class', orgId, purpose],
    queryFn: () => get<JsonOf<typeof examListDto>>('/exams', { orgId, purpose, pageSize: 200 }),
    enabled: !!orgId,
  });

function useTrainingMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}
export const useCreateClass = () => useTrainingMutation((input: TrainingClassInput) => post<ClassDetail>('/training-classes', input));
export const useUpdateClass = () => useTrainingMutation(({ id, input }: { id: number; input: TrainingClassInput }) => put<ClassDetail>(`/training-classes/${id}`, input));
export const useClassEvent = () => useTrainingMutation(({ id, event }: { id: number; event: 'open' | 'finish' | 'cancel' }) => post<ClassDetail>(`/training-classes/${id}/${event}`));
export const useEnrol = () => useTrainingMutation(({ id, memberIds }: { id: number; memberIds: number[] }) => post<{ added: number; class: ClassDetail }>(`/training-classes/${id}/trainees`, { memberIds }));
export const useUnenrol = () => useTrainingMutation(({ id, memberId }: { id: number; memberId: number }) => api<ClassDetail>('DELETE', `/training-classes/${id}/trainees/${memberId}`));
export const useAddSession = () => useTrainingMutation(({ id, input }: { id: number; input: TrainingSessionInput }) => post<ClassDetail>(`/training-classes/${id}/sessions`, input));
export const useUpdateSession = () => useTrainingMutation(({ id, input }: { id: number; input: TrainingSessionInput }) => put<ClassDetail>(`/training-sessions/${id}`, input));
export const useDeleteSession = () => useTrainingMutation((id: number) => api<ClassDetail>('DELETE', `/training-sessions/${id}`));
export const useAttendance = () =>
  useTrainingMutation(({ id, entries }: { id: number; entries: { memberId: number; status: TraineeAttendance }[] }) => put<ClassDetail>(`/training-sessions/${id}/attendance`, { entries }));
export const useEvaluate = () =>
  useTrainingMutation(({ id, ratings, comment }: { id: number; ratings: Record<string, number>; comment: string | null }) => post<MyTraining>(`/training-classes/${id}/evaluation`, { ratings, comment }));
export const useSetTargets = () => useTrainingMutation(({ year, targets }: { year: number; targets: Record<PlanLine, number> }) => put<PlanCounts>(`/training-plan/${year}`, { targets }));

export const CLASS_STATUS_COLOR = { planned: 'default', in_session: 'processing', finished: 'success', cancelled: 'default' } as const;
