// Types of build.mjs for the TypeScript that imports it (the start-script test).
export const root: string;
export const serverDist: string;
export const webDist: string;
export const SERVER_ENTRIES: Record<string, string>;
export function inputsHash(inputs: string[], base?: string): string;
export function buildWeb(opts?: { force?: boolean; log?: (m: string) => void }): boolean;
export function buildServer(opts?: { force?: boolean; log?: (m: string) => void }): Promise<boolean>;
