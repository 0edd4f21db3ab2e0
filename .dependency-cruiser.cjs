/**
 * The dependency direction of docs/ARCHITECTURE.md, checked by `npm run lint:deps` (part of
 * `npm test`): routes → services → repositories; another feature only through its public module
 * (features/<name>/index.ts); access/, lib/ and db/ never reach into features; packages/shared
 * has no I/O and knows nothing of the apps.
 */
const S = '^apps/server/src/';
module.exports = {
  forbidden: [
    {
      name: 'feature-through-public-module',
      comment: 'Another feature is reached only through its index.ts (its public module).',
      severity: 'error',
      // Tests may look inside another feature (white-box set-up); code may not.
      from: { path: `${S}features/([^/]+)/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${S}features/([^/]+)/`, pathNot: [`${S}features/$1/`, `${S}features/[^/]+/index\\.ts$`] },
    },
    {
      name: 'routes-call-services',
      comment: 'A route parses, takes the actor and calls a service; it never touches a repository or the database.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$' },
      to: { path: ['\\.repository\\.ts$', `${S}db/`], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'repositories-below-services',
      comment: 'A repository is SQL only: it never calls a service or a route.',
      severity: 'error',
      from: { path: '\\.repository\\.ts$' },
      to: { path: ['\\.service\\.ts$', '\\.routes\\.ts$'] },
    },
    {
      name: 'services-below-routes',
      severity: 'error',
      from: { path: '\\.service\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
    {
      name: 'core-does-not-know-features',
      comment: 'access/, lib/, db/ and the workers are used by features, never the other way round.',
      severity: 'error',
      from: { path: `${S}(access|lib|db|workers)/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${S}features/` },
    },
    {
      name: 'shared-is-pure',
      comment: 'packages/shared holds contracts and rules for both sides: no I/O, no server or web code.',
      severity: 'error',
      from: { path: '^packages/shared/' },
      to: { path: ['^apps/', '^node_modules/(fastify|kysely|pg|@electric-sql|react|antd)'] },
    },
    {
      name: 'shared-no-node-io',
      severity: 'error',
      from: { path: '^packages/shared/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-does-not-import-server',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '(^|/)dist/', '\\.scratch'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
