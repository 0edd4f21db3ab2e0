export {};
// The load generator of `npm run bench -- contest` (cli/bench-contest.ts): reads its input as JSON
// on stdin, prints progress lines and one JSON line of figures. Open loop: requests are issued at
// the offered rate (a global schedule of start, saves and submit across 400 virtual members at a
// time); a slow server shows as latency and a lower achieved rate, never as a quietly lower offer.
type Input = { base: string; contestId: number; sessions: { cookie: string; csrf: string; memberId: number }[]; admin: { cookie: string }; unitIds: number[]; rate: number; saves: number };
const input = JSON.parse(await new Promise<string>((resolve) => {
  let s = '';
  process.stdin.on('data', (d) => (s += d));
  process.stdin.on('end', () => resolve(s));
})) as Input;
const { base, contestId, sessions, rate, saves } = input;

const lat: Record<'start' | 'read' | 'save' | 'submit' | 'leaderboard' | 'me', number[]> = { start: [], read: [], save: [], submit: [], leaderboard: [], me: [] };
let errors = 0;
const errorSamples: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(kind: keyof typeof lat, s: { cookie: string; csrf?: string }, method: string, path: string, body?: unknown) {
  const t = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { method, headers: { cookie: s.cookie, ...(s.csrf ? { 'x-csrf-token': s.csrf } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    lat[kind].push(performance.now() - t);
    if (res.status >= 300) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${kind} ${res.status} ${text.slice(0, 120)}`);
      return null;
    }
    return JSON.parse(text);
  } catch (e) {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(`${kind} ${String(e)}`);
    return null;
  }
}

// The schedule: slot k at t0 + k / rate; each request of every member takes the next slot.
const t0 = performance.now();
let slot = 0;
async function nextSlot() {
  const at = t0 + (slot++ * 1000) / rate;
  const wait = at - performance.now();
  if (wait > 0) await sleep(wait);
}

const letters = (n: number) => 'ABCDEFGH'.slice(0, n);
async function member(s: Input['sessions'][number]) {
  await nextSlot();
  const started = await call('start', s, 'POST', `/api/contests/${contestId}/attempts`);
  if (!started) return;
  const id = started.attemptId as number;
  const attempt = await call('read', s, 'GET', `/api/attempts/${id}`);
  if (!attempt) return;
  const qs = attempt.questions as { position: number; type: string; options: string[] }[];
  for (let i = 0; i < saves && i < qs.length; i++) {
    const q = qs[i];
    const given = q.type === 'judge' ? [Math.random() < 0.75 ? 'true' : 'false'] : [letters(q.options.length)[Math.floor(Math.random() * q.options.length)]];
    await nextSlot();
    await call('save', s, 'PUT', `/api/attempts/${id}/answers`, { answers: [{ position: q.position, given }] });
  }
  await nextSlot();
  await call('submit', s, 'POST', `/api/attempts/${id}/submit`);
}

let done = false;
async function readers(n: number) {
  const loops = Array.from({ length: n }, async (_, k) => {
    let i = 0;
    while (!done) {
      i++;
      const pick = (i + k) % 4;
      if (pick === 0) await call('leaderboard', input.admin, 'GET', `/api/contests/${contestId}/leaderboard`);
      else if (pick === 1) await call('leaderboard', input.admin, 'GET', `/api/contests/${contestId}/leaderboard?orgId=${input.unitIds[(i * 7 + k) % input.unitIds.length]}`);
      else if (pick === 2) await call('leaderboard', sessions[(i * 13 + k) % sessions.length], 'GET', `/api/contests/${contestId}/leaderboard?page=${1 + (i % 10)}`);
      else await call('me', sessions[(i * 17 + k) % sessions.length], 'GET', `/api/contests/${contestId}/me`);
      await sleep(100);
    }
  });
  await Promise.all(loops);
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
};

const reading = readers(4);
const progress = setInterval(() => console.log(`  ${((performance.now() - t0) / 1000).toFixed(0)} s：已保存答案 ${lat.save.length}，已交卷 ${lat.submit.length}，排行读取 ${lat.leaderboard.length}（p99 ${pct(lat.leaderboard, 99)} ms），错误 ${errors}`), 30_000);
// 400 members answer at a time; each new member begins when one finishes.
const queue = [...sessions];
await Promise.all(Array.from({ length: 400 }, async () => {
  for (let s = queue.shift(); s; s = queue.shift()) await member(s);
}));
const seconds = (performance.now() - t0) / 1000;
done = true;
await reading;
clearInterval(progress);
const saveCount = lat.save.length;
console.log(
  JSON.stringify({
    participants: sessions.length,
    seconds: Math.round(seconds),
    offeredRequestsPerSecond: rate,
    requiredSavesPerSecond: Math.round((sessions.length * saves) / 600),
    savesPerSecond: Math.round(saveCount / seconds),
    save: { n: saveCount, p50: pct(lat.save, 50), p99: pct(lat.save, 99) },
    read: { n: lat.read.length, p50: pct(lat.read, 50), p99: pct(lat.read, 99) },
    start: { n: lat.start.length, p50: pct(lat.start, 50), p99: pct(lat.start, 99) },
    submit: { n: lat.submit.length, p50: pct(lat.submit, 50), p99: pct(lat.submit, 99) },
    leaderboardLive: { n: lat.leaderboard.length, p50: pct(lat.leaderboard, 50), p99: pct(lat.leaderboard, 99), max: pct(lat.leaderboard, 100) },
    meLive: { n: lat.me.length, p50: pct(lat.me, 50), p99: pct(lat.me, 99) },
    errors,
    errorSamples,
  }),
);
