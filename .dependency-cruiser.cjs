/**
 * The layers, as what each module loads, not only what it imports: dependency-cruiser follows
 * every import (transitively, `reachable`) from the TypeScript sources. ESLint's import rules
 * (eslint.config.mjs) state which modules a layer may import directly; these state what a layer
 * may end up loading. `npm run lint` runs both; test/unit/layers.spec.ts proves each rule fires.
 */
const HTTP_CLIENT = "^(node_modules/(axios|http-proxy-agent|https-proxy-agent)/|provider/genesys/(client|transport)\\.ts$)";
const DOING = "^provider/authorized-client/(org-view|lifecycle|manual)\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "state-format-decides-only",
      comment: "provider/state.ts (what cli/ and policy/ read of the provider) does no I/O and loads no HTTP client",
      severity: "error",
      from: { path: "^provider/state\\.ts$" },
      to: { path: [HTTP_CLIENT, DOING, "^node_modules/@pulumi/"], reachable: true },
    },
    {
      name: "policy-reads-the-state-format-only",
      comment: "the policy pack loads no HTTP client and nothing of the provider that acts",
      severity: "error",
      from: { path: "^policy/" },
      to: { path: [HTTP_CLIENT, DOING, "^provider/(runtime|resource|provider|settings)\\.ts$"], reachable: true },
    },
    {
      name: "http-layer-knows-no-pulumi",
      comment: "provider/genesys loads nothing of Pulumi and nothing of the provider above it",
      severity: "error",
      from: { path: "^provider/genesys/" },
      to: { path: ["^node_modules/@pulumi/", "^provider/(?!genesys/)", "^(cli|policy|emulator|scripts)/"], reachable: true },
    },
    {
      name: "common-depends-on-nothing",
      comment: "common/ loads nothing of the project outside common/",
      severity: "error",
      from: { path: "^common/" },
      to: { path: "^(provider|cli|policy|emulator|scripts)/", reachable: true },
    },
    {
      name: "emulator-knows-no-provider",
      comment: "the emulator loads nothing of the provider, the CLI or the policy pack",
      severity: "error",
      from: { path: "^emulator/" },
      to: { path: ["^(provider|cli|policy|scripts)/", "^node_modules/@pulumi/"], reachable: true },
    },
    {
      name: "cli-does-not-run-the-resource",
      comment: "genesys-grants loads neither Pulumi nor the resource's runtime",
      severity: "error",
      from: { path: "^cli/" },
      to: {
        path: ["^node_modules/@pulumi/", "^provider/(runtime|resource|provider|index)\\.ts$", "^provider/authorized-client/check\\.ts$"],
        reachable: true,
      },
    },
    {
      name: "authorized-client-runs-under-no-layer-above",
      comment: "the resource's logic loads no Pulumi SDK, CLI, policy pack, emulator or script",
      severity: "error",
      from: { path: "^provider/authorized-client/" },
      to: {
        path: ["^node_modules/@pulumi/", "^(cli|policy|emulator|scripts)/", "^provider/(runtime|resource|provider|index)\\.ts$"],
        reachable: true,
      },
    },
    {
      name: "nothing-shipped-loads-scripts",
      comment: "scripts/ (the build, the demo, the bench) is the repository's; nothing the package ships loads it",
      severity: "error",
      from: { path: "^(provider|cli|policy|emulator|common)/" },
      to: { path: "^scripts/", reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|test|examples|bench)/" },
    // What is loaded: imports of types only, which the compiler drops, do not count.
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["require", "node", "default"] },
  },
};
