import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AppealAnswerInput,
  AppealInput,
  DeductionEventInput,
  DepartmentScoreInput,
  JsonOf,
  RoundOpenInput,
  SelfAssessmentInput,
  VetoesInput,
  appealDto,
  appealListDto,
  rankingDto,
  roundViewDto,
  scoringDto,
  unitSheetDto,
} from '@xianfeng/shared';
import { api, download, get, post, put } from '../../api/client.ts';

// 年度考核: the server's answers typed from the response schemas (scoring.contract.ts).
export type RoundView = JsonOf<typeof roundViewDto>;
export type Round = NonNullable<RoundView['round']>;
export type Ranking = JsonOf<typeof rankingDto>;
export type RankingRow = Ranking['series'][number]['units'][number];
export type UnitSheet = JsonOf<typeof unitSheetDto>;
export type IndicatorRow = UnitSheet['categories'][number]['indicators'][number];
export type Appeal = JsonOf<typeof appealDto>;
export type AppealList = JsonOf<typeof appealListDto>;
export type Scoring = JsonOf<typeof scoringDto>;

export const roundKeys = {
  all: ['assessment-round'] as const,
  round: (year: number) => ['assessment-round', year, 'round'] as const,
  ranking: (year: number) => ['assessment-round', year, 'ranking'] as const,
  sheet: (year: number, orgId: number) => ['assessment-round', year, 'sheet', orgId] as const,
  appeals: (year: number) => ['assessment-round', year, 'appeals'] as const,
  scoring: (year: number) => ['assessment-round', year, 'scoring'] as const,
};

export const useRound = (year: number) => useQuery({ queryKey: roundKeys.round(year), queryFn: () => get<RoundView>(`/assessments/${year}/round`) });
export const useRanking = (year: number, enabled: boolean) =>
  useQuery({ queryKey: roundKeys.ranking(year), queryFn: () => get<Ranking>(`/assessments/${year}/ranking`), enabled });
export const useUnitSheet = (year: number, orgId: number) =>
  useQuery({ queryKey: roundKeys.sheet(year, orgId), queryFn: () => get<UnitSheet>(`/assessments/${year}/units/${orgId}`) });
export const useAppeals = (year: number, enabled = true) =>
  useQuery({ queryKey: roundKeys.appeals(year), queryFn: () => get<AppealList>(`/assessments/${year}/appeals`), enabled });
export const useScoring = (year: number, enabled = true) =>
  useQuery({ queryKey: roundKeys.scoring(year), queryFn: () => get<Scoring>(`/assessments/${year}/scoring`), enabled });

export const downloadRanking = (year: number) => download(`/assessments/${year}/ranking.xlsx`, undefined, `${year}年度党建考核排名.xlsx`);

/** Every change of the round touches progress, ranking, sheets and appeals: refresh them all. */
function useRoundMutation<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: roundKeys.all }) });
}

export const useOpenRound = () => useRoundMutation((input: RoundOpenInput) => post<RoundView>('/assessment-rounds', input));
export const useRoundStep = () =>
  useRoundMutation(({ year, step }: { year: number; step: 'recompute' | 'publish' | 'close' }) => post<RoundView>(`/assessments/${year}/round/${step}`, {}));
export const usePutScore = () => useRoundMutation(({ year, input }: { year: number; input: DepartmentScoreInput }) => put(`/assessments/${year}/scores`, input));
export const useAddDeduction = () =>
  useRoundMutation(({ year, input }: { year: number; input: DeductionEventInput }) => post<{ id: number }>(`/assessments/${year}/deduction-events`, input));
export const useDeleteDeduction = () => useRoundMutation((id: number) => api('DELETE', `/assessment-deductions/${id}`));
export const useSaveSelf = () =>
  useRoundMutation(({ year, orgId, input }: { year: number; orgId: number; input: SelfAssessmentInput }) => put(`/assessments/${year}/units/${orgId}/self`, input));
export const useSheetStep = () =>
  useRoundMutation(({ year, orgId, step, reason }: { year: number; orgId: number; step: 'submit' | 'accept' | 'return'; reason?: string }) =>
    post(`/assessments/${year}/units/${orgId}/${step}`, step === 'return' ? { reason } : {}),
  );
export const useSetVetoes = () =>
  useRoundMutation(({ year, orgId, input }: { year: number; orgId: number; input: VetoesInput }) => put(`/assessments/${year}/units/${orgId}/vetoes`, input));
export const useFileAppeal = () =>
  useRoundMutation(({ year, orgId, input }: { year: number; orgId: number; input: AppealInput }) => post<{ id: number }>(`/assessments/${year}/units/${orgId}/appeals`, input));
export const useAnswerAppeal = () => useRoundMutation(({ id, input }: { id: number; input: AppealAnswerInput }) => post(`/assessment-appeals/${id}/answer`, input));
