import { passwordPolicyError } from '@xianfeng/shared';

const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%&*?!'];

/** A random 12-character initial password meeting the policy (no look-alike characters). */
export function generatePassword(): string {
  const pick = (set: string) => set[crypto.getRandomValues(new Uint32Array(1))[0] % set.length];
  for (;;) {
    const chars = SETS.map(pick);
    while (chars.length < 12) chars.push(pick(SETS.join('')));
    const shuffled = chars.sort(() => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32 - 0.5).join('');
    if (!passwordPolicyError(shuffled)) return shuffled;
  }
}

export const passwordRule = {
  validator: (_: unknown, v: string) => (!v || !passwordPolicyError(v) ? Promise.resolve() : Promise.reject(new Error(passwordPolicyError(v)!))),
};
