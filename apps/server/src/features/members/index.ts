// The roster's public module: what other features may use (the rest is internal).
export { invalidateMemberCounts } from './member-count-cache.ts';
export { memberColumns } from './member-mapping.ts';
export { revertImport as revertRosterImport } from './member-import-writer.ts';
export { idNumberKey, looksLikeIdNumber, matchPerson, peopleIn, type MatchablePerson, type People } from './person-match.ts';
export { recordStatusChange } from './members.service.ts';
export { lockMember } from './members.repository.ts';
