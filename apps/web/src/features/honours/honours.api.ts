import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CampaignInput, campaignDetailDto, campaignListDto, JsonOf, NominationInput, nominationDto, NominationReviewInput, ObjectionAnswerInput, ObjectionInput, publicHonourDto } from '@xianfeng/shared';
import { get, post } from '../../api/client.ts';

// 创先争优: the server's answers typed from the response schemas (honour.contract.ts).
export type CampaignList = JsonOf<typeof campaignListDto>;
export type CampaignDetail = JsonOf<typeof campaignDetailDto>;
export type Nomination = JsonOf<typeof nominationDto>;
export type PublicHonours = JsonOf<typeof publicHonourDto>;

export const honourKeys = { all: ['honours'] as const, list: (year?: number) => ['honours', 'list', year] as const, one: (id: number) => ['honours', 'one', id] as const };

export const useCampaigns = (year?: number) => useQuery({ queryKey: honourKeys.list(year), queryFn: () => get<CampaignList>('/honour-campaigns', { year }) });
export const useCampaign = (id: number) => useQuery({ queryKey: honourKeys.one(id), queryFn: () => get<CampaignDetail>(`/honour-campaigns/${id}`) });
export const usePublicHonours = () => useQuery({ queryKey: ['public-honours'], queryFn: () => get<PublicHonours>('/public/honours') });
export const useMemberSearch = (name: string) =>
  useQuery({ queryKey: ['honours', 'members', name], queryFn: () => get<{ items: { id: number; name: string; orgName: string }[] }>('/members', { name, pageSize: 20 }), enabled: name.trim().length > 0 });

function useHonourMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: honourKeys.all }) });
}
export const useCreateCampaign = () => useHonourMutation((input: CampaignInput) => post<CampaignDetail>('/honour-campaigns', input));
export const useCampaignEvent = () => useHonourMutation(({ id, event }: { id: number; event: 'open' | 'close' | 'publicize' | 'name' | 'cancel' }) => post<CampaignDetail>(`/honour-campaigns/${id}/${event}`));
export const useNominate = () => useHonourMutation(({ id, input }: { id: number; input: NominationInput }) => post<Nomination>(`/honour-campaigns/${id}/nominations`, input));
export const useWithdraw = () => useHonourMutation((id: number) => post<Nomination>(`/honour-nominations/${id}/withdraw`));
export const useReview = () => useHonourMutation(({ id, input }: { id: number; input: NominationReviewInput }) => post<Nomination>(`/honour-nominations/${id}/review`, input));
export const useAddObjection = () => useHonourMutation(({ id, input }: { id: number; input: ObjectionInput }) => post<CampaignDetail>(`/honour-campaigns/${id}/objections`, input));
export const useAnswerObjection = () => useHonourMutation(({ id, input }: { id: number; input: ObjectionAnswerInput }) => post<CampaignDetail>(`/honour-objections/${id}/answer`, input));
