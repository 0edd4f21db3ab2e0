import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { memberStudyHoursDto, myTopicDetailDto, myTopicListDto, studyHoursDto, studySessionDto } from '@xianfeng/shared';
import type { JsonOf, MaterialInput, materialDto, TopicInput, topicDetailDto, topicListDto, TopicStatus } from '@xianfeng/shared';
import { api, get, post, put } from '../../api/client.ts';

// 学习: the server's answers typed from the response schemas (study.contract.ts).
export type TopicList = JsonOf<typeof topicListDto>;
export type TopicDetail = JsonOf<typeof topicDetailDto>;
export type Material = JsonOf<typeof materialDto>;

export type TopicFilter = { status?: TopicStatus; q?: string; page: number; pageSize: number };
export const studyKeys = { all: ['study'] as const, topics: (f: TopicFilter) => ['study', 'topics', f] as const, topic: (id: number) => ['study', 'topic', id] as const };

export const useTopics = (f: TopicFilter) => useQuery({ queryKey: studyKeys.topics(f), queryFn: () => get<TopicList>('/study/topics', f), placeholderData: keepPreviousData });
export const useTopic = (id: number) => useQuery({ queryKey: studyKeys.topic(id), queryFn: () => get<TopicDetail>(`/study/topics/${id}`) });

function useStudyMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: studyKeys.all }) });
}
export const useCreateTopic = () => useStudyMutation((input: TopicInput) => post<TopicDetail>('/study/topics', input));
export const useUpdateTopic = () => useStudyMutation(({ id, input }: { id: number; input: TopicInput }) => put<TopicDetail>(`/study/topics/${id}`, input));
export const useTopicEvent = () => useStudyMutation(({ id, event }: { id: number; event: 'publish' | 'withdraw' }) => post<TopicDetail>(`/study/topics/${id}/${event}`));
export const useAddMaterial = () => useStudyMutation(({ topicId, input }: { topicId: number; input: MaterialInput }) => post<Material>(`/study/topics/${topicId}/materials`, input));
export const useUpdateMaterial = () => useStudyMutation(({ id, input }: { id: number; input: MaterialInput }) => put<Material>(`/study/materials/${id}`, input));
export const useDeleteMaterial = () => useStudyMutation((id: number) => api<unknown>('DELETE', `/study/materials/${id}`));
export const useUploadMaterialFile = () =>
  useStudyMutation(({ id, file }: { id: number; file: File }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Material>('POST', `/study/materials/${id}/file`, { form });
  });

export type StudyHours = JsonOf<typeof studyHoursDto>;
export type MemberStudyHours = JsonOf<typeof memberStudyHoursDto>;
export type StudyHoursFilter = { orgId?: number; year: number; standing?: 'on_track' | 'behind'; name?: string; page: number; pageSize: number };
export const useStudyHours = (f: StudyHoursFilter) =>
  useQuery({ queryKey: ['study', 'hours', f], queryFn: () => get<StudyHours>('/study-hours', f), enabled: !!f.orgId, placeholderData: keepPreviousData });
export const useMemberStudyHours = (memberId: number | null, year: number) =>
  useQuery({ queryKey: ['study', 'member-hours', memberId, year], queryFn: () => get<MemberStudyHours>(`/study-hours/members/${memberId}`, { year }), enabled: !!memberId });

// 学习 on the phone (the member's own).
export type MyTopics = JsonOf<typeof myTopicListDto>;
export type MyTopicDetail = JsonOf<typeof myTopicDetailDto>;
export type StudySession = JsonOf<typeof studySessionDto>;
export const useMyTopics = () => useQuery({ queryKey: ['study', 'my'], queryFn: () => get<MyTopics>('/study/my/topics') });
export const useMyTopic = (id: number | null) => useQuery({ queryKey: ['study', 'my', id], queryFn: () => get<MyTopicDetail>(`/study/my/topics/${id}`), enabled: !!id });
export const startStudy = (materialId: number) => post<StudySession>(`/study/my/materials/${materialId}/start`);
export const beatStudy = (sessionId: number, visible: boolean) => post<StudySession>(`/study/my/sessions/${sessionId}/beat`, { visible });
export const useCompleteStudy = () => useStudyMutation(({ id, answer }: { id: number; answer: number | null }) => post<StudySession>(`/study/my/sessions/${id}/complete`, { answer }));
