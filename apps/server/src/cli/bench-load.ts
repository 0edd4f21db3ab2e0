// The load generator of `npm run bench`, in a process of its own so that the benchmark's own
// memory (it seeds 60,000 members in-process) and garbage collection do not show as latency.
// Input: one JSON argument { base, cookie, paths, connections, duration }; output: one JSON line.
import autocannon from 'autocannon';

const { base, cookie, paths, connections, duration } = JSON.parse(process.argv[2]) as { base: string; cookie: string; paths: string[]; connections: number; duration: number };
let i = 0;
const result = await autocannon({
  url: base,
  connections,
  duration,
  headers: { cookie },
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
});
console.log(JSON.stringify({ rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx }));
