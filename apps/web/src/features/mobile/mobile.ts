import type { Session } from '../../api/types.ts';

/**
 * A plain member (no role but 党员) on a phone-sized screen: the console sends them to the mobile
 * page /m instead of the desktop layout. Kept tiny, it is loaded with the router.
 */
export function prefersMobile(session: Session): boolean {
  const memberOnly = !!session.user.memberId && session.grants.every((g) => g.role === 'member');
  return memberOnly && typeof window !== 'undefined' && window.matchMedia('(max-width: 767px)').matches;
}
