// ESLint for the TypeScript sources. Beside typescript-eslint's recommended rules, the import
// rules below state the layers, one way:
//   genesys/ (the HTTP layer) knows no Pulumi and nothing of the rooms that use it;
//   common/ depends on nothing of the project;
//   the emulator knows no provider, CLI or policy pack;
//   cli/ and policy/ use the provider's public modules only, never provider/authorized-client/*;
//   review/ (the access review) uses genesys/, common/ and the state format, never the provider's runtime.
// These see one import at a time; what each layer ends up loading (imports of imports) is
// .dependency-cruiser.cjs's, which npm run lint also runs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const forbid = (files, patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: patterns.map(([regex, message]) => ({ regex, message })) }] },
});

const NO_PULUMI = ["^@pulumi/", "this layer knows nothing of Pulumi"];

export default tseslint.config(
  {
    ignores: ["dist/**", "node_modules/**", "examples/**", "bench/**", ".stryker-tmp/**", "reports/**", "**/*.js", "**/*.mjs", "**/*.cjs"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused values are errors, except the ones a name marks as deliberately unused.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Matching control characters is the point of the text-safety code and of its tests.
      "no-control-regex": "off",
    },
  },
  {
    // The serialized provider loads its implementation by package name inside each method,
    // engine-log loads Pulumi's own gRPC modules from wherever @pulumi/pulumi is installed, and
    // the grants file loads its parser and validator when a program reads one.
    files: ["provider/provider.ts", "provider/engine-log.ts", "provider/grants-file.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  forbid(["genesys/**/*.ts"], [NO_PULUMI, ["^\\.\\./(?!common/)", "the HTTP layer imports only itself and common/"]]),
  forbid(["common/**/*.ts"], [NO_PULUMI, ["^\\.\\./", "common/ depends on nothing of the project"]]),
  forbid(
    ["emulator/**/*.ts"],
    [
      NO_PULUMI,
      [
        "(^|/)(genesys|provider|review|cli|policy)(/|$)",
        "the emulator knows nothing of the HTTP layer, the provider, the review, the CLI or the policy pack",
      ],
    ],
  ),
  forbid(
    ["cli/**/*.ts"],
    [
      NO_PULUMI,
      ["provider/authorized-client", "cli/ uses the provider's public modules (provider/state, provider/settings) and genesys/"],
      ["provider/(resource|runtime|provider)$", "cli/ does not run the resource"],
    ],
  ),
  forbid(
    ["review/**/*.ts"],
    [
      NO_PULUMI,
      ["(^|/)(cli|policy|emulator|scripts)(/|$)", "review/ uses genesys/, common/ and the state format only"],
      ["provider/(?!state$)", "review/ reads the provider's state format (provider/state), never its runtime or settings"],
    ],
  ),
  forbid(
    ["policy/**/*.ts"],
    [
      ["provider/authorized-client", "policy/ uses the provider's public modules (provider/state)"],
      ["provider/(resource|runtime|provider)", "the policy pack reads the state format only"],
      ["(^|/)genesys(/|$)", "the policy pack reads the state format only"],
    ],
  ),
);
