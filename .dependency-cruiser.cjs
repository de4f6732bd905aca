/**
 * The layers, as what each module loads, not only what it imports: dependency-cruiser follows
 * every import (transitively, `reachable`) from the TypeScript sources. ESLint's import rules
 * (eslint.config.mjs) state which modules a layer may import directly; these state what a layer
 * may end up loading. `npm run lint` runs both; test/unit/layers.spec.ts proves each rule fires.
 */
const HTTP_CLIENT = "^(node_modules/(axios|http-proxy-agent|https-proxy-agent)/|genesys/(client|transport)\\.ts$)";
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
      comment: "genesys/ (the HTTP layer) loads nothing of Pulumi and nothing of the rooms that use it",
      severity: "error",
      from: { path: "^genesys/" },
      to: { path: ["^node_modules/@pulumi/", "^(provider|review|cli|policy|emulator|scripts)/"], reachable: true },
    },
    {
      name: "common-depends-on-nothing",
      comment: "common/ loads nothing of the project outside common/",
      severity: "error",
      from: { path: "^common/" },
      to: { path: "^(genesys|provider|review|cli|policy|emulator|scripts)/", reachable: true },
    },
    {
      name: "emulator-knows-no-provider",
      comment: "the emulator loads nothing of the provider, the CLI or the policy pack",
      severity: "error",
      from: { path: "^emulator/" },
      to: { path: ["^(genesys|provider|review|cli|policy|scripts)/", "^node_modules/@pulumi/"], reachable: true },
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
      name: "review-reads-never-runs",
      comment: "review/ (the access review) loads genesys/, common/ and the provider's state format, never Pulumi, the provider's runtime or settings, the CLI or the emulator",
      severity: "error",
      from: { path: "^review/" },
      to: {
        path: [
          "^node_modules/@pulumi/",
          "^provider/(runtime|resource|provider|index|recovery|org|settings)\\.ts$",
          "^provider/authorized-client/(org-view|lifecycle|manual|check)\\.ts$",
          "^(cli|policy|emulator|scripts)/",
        ],
        reachable: true,
      },
    },
    {
      name: "renderers-do-no-io",
      comment: "the review's renderers are pure: text in, text out; they load no file system, network or process module and nothing that does",
      severity: "error",
      from: { path: "^review/render-" },
      to: {
        path: ["^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|tls|worker_threads)$", HTTP_CLIENT, "^review/(collect|fleet)\\.ts$"],
        reachable: true,
      },
    },
    {
      name: "nothing-shipped-loads-scripts",
      comment: "scripts/ (the build, the demo, the bench) is the repository's; nothing the package ships loads it",
      severity: "error",
      from: { path: "^(genesys|provider|review|cli|policy|emulator|common)/" },
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
