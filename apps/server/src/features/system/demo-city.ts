import { idNumberCheckChar, type MemberCreateInput, type OrgType } from '@xianfeng/shared';
import { AREA_CODES, BRANCH_NAMES, DEPARTMENTS, GIVEN, JOB_POSTS, SURNAMES } from './demo-names.ts';

/** A small deterministic PRNG (mulberry32), so the demo city is the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

export type PlannedOrg = { key: string; parentKey: string | null; name: string; type: OrgType; unitIndex: number | null; termStart?: string; termEnd?: string };
export type PlannedUnit = { name: string; type: string };

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function unitName(i: number) {
  return i < DEPARTMENTS.length ? DEPARTMENTS[i] : ([`市直属第${i + 1}单位`, 'institution'] as const);
}

function term(rng: Rng, asOfYear: number) {
  // Three-year terms (ZB-23; a 机关党委's is 5 by JG-1, docs/RULES.md); some end within six months so the reminder (ZB-24) shows.
  const startYear = rng.int(asOfYear - 3, asOfYear - 1);
  const m = rng.int(1, 12);
  return { termStart: iso(startYear, m, 1), termEnd: iso(startYear + 3, m, 1) };
}

/** The organisation plan: 工委 → 机关党委 per unit → (党总支 →) 党支部 → some 党小组. */
export function planCity(opts: { units: number; branchesPerUnit: number; seed: number; asOfYear: number }) {
  const rng = prng(opts.seed);
  const units: PlannedUnit[] = [];
  const orgs: PlannedOrg[] = [{ key: 'root', parentKey: null, name: '市直机关工委', type: 'working_committee', unitIndex: null }];
  for (let u = 0; u < opts.units; u++) {
    const [name, type] = unitName(u);
    units.push({ name, type });
    const committeeKey = `u${u}`;
    orgs.push({ key: committeeKey, parentKey: 'root', name: `${name}机关党委`, type: 'organ_committee', unitIndex: u, ...term(rng, opts.asOfYear) });
    const withGeneralBranch = u % 4 === 1;
    if (withGeneralBranch) orgs.push({ key: `${committeeKey}g`, parentKey: committeeKey, name: `${name}直属单位党总支`, type: 'general_branch', unitIndex: u, ...term(rng, opts.asOfYear) });
    for (let b = 0; b < opts.branchesPerUnit; b++) {
      const isRetired = b === opts.branchesPerUnit - 1 && u % 3 === 0;
      const parentKey = withGeneralBranch && b >= opts.branchesPerUnit - 2 ? `${committeeKey}g` : committeeKey;
      const base = BRANCH_NAMES[b % BRANCH_NAMES.length] + (b >= BRANCH_NAMES.length ? `${Math.floor(b / BRANCH_NAMES.length) + 1}` : '');
      const key = `${committeeKey}b${b}`;
      orgs.push({ key, parentKey, name: isRetired ? '离退休干部党支部' : `${base}党支部`, type: isRetired ? 'retired_branch' : 'branch', unitIndex: u, ...term(rng, opts.asOfYear) });
      if (b === 0 && u % 2 === 0) {
        orgs.push({ key: `${key}p1`, parentKey: key, name: `${base}第一党小组`, type: 'party_group', unitIndex: u });
        orgs.push({ key: `${key}p2`, parentKey: key, name: `${base}第二党小组`, type: 'party_group', unitIndex: u });
      }
    }
  }
  return { units, orgs };
}

function idNumber(rng: Rng, birth: string, gender: '男' | '女') {
  const seq = rng.int(0, 99) * 10 + (gender === '男' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]));
  const first17 = `${rng.pick(AREA_CODES)}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** One realistic member: ages 23–85, joined at 19–40, probationary for a year (XZ rules), 5% 预备党员. */
export function plannedMember(rng: Rng, orgId: number, asOf: string, retired: boolean, serial: number): Omit<MemberCreateInput, 'orgId'> & { orgId: number } {
  const asOfYear = Number(asOf.slice(0, 4));
  const age = retired ? rng.int(60, 85) : rng.int(23, 59);
  const birth = iso(asOfYear - age - 1, rng.int(1, 12), rng.int(1, 28));
  const gender = rng.chance(0.58) ? '男' : '女';
  const probationary = !retired && rng.chance(0.05);
  const joinYear = probationary ? asOfYear - (rng.chance(0.5) ? 1 : 0) : Math.min(asOfYear - 2, Number(birth.slice(0, 4)) + rng.int(19, 40));
  let joinDate = iso(joinYear, rng.int(1, 12), rng.int(1, 28));
  if (probationary && joinDate >= asOf) joinDate = iso(asOfYear, 1, 15);
  const fullDate = probationary ? null : iso(joinYear + 1, Number(joinDate.slice(5, 7)), Number(joinDate.slice(8, 10)));
  const name = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
  const rankRoll = rng.next();
  return {
    orgId,
    name,
    gender,
    ethnicity: rng.chance(0.95) ? '汉族' : rng.pick(['回族', '满族', '蒙古族', '壮族']),
    idNumber: idNumber(rng, birth, gender),
    birthDate: birth,
    education: rng.pick(['postgraduate', 'bachelor', 'bachelor', 'bachelor', 'college', 'high_school'] as const),
    category: probationary ? 'probationary' : 'full',
    joinDate,
    fullDate,
    jobPost: retired ? '离退休人员' : rng.pick(JOB_POSTS),
    phone: `1${rng.pick(['3', '5', '7', '8', '9'])}${String(serial * 7919 + rng.int(0, 999)).padStart(9, '0').slice(-9)}`,
    address: `南京市${rng.pick(['玄武区', '秦淮区', '建邺区', '鼓楼区', '栖霞区', '江宁区'])}${rng.pick(['中山路', '北京东路', '汉中路', '龙蟠路', '江东中路'])}${rng.int(1, 300)}号`,
    lostContact: false,
    flowing: !retired && rng.chance(0.01),
    flowTo: null,
    rank: retired ? 'none' : rankRoll < 0.05 ? 'bureau' : rankRoll < 0.25 ? 'county' : rankRoll < 0.6 ? 'section' : 'staff',
    partyPost: null,
    cadreType: null,
    hardship: rng.chance(retired ? 0.08 : 0.02),
    retired,
  };
}
