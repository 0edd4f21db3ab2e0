// The organisation tree's public module: what other features may use (the rest is internal).
export { findOrg, insertOrg, insertRootOrg, type OrgRecord } from './orgs.repository.ts';
export { revertTreeImport } from './org-import-writer.ts';
export { getCityGoLive, setCityGoLive, ownGoLiveDates, goLiveOf } from './go-live.repository.ts';
