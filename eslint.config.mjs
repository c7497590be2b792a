// ESLint for the site's own JavaScript (make test runs it: npm run lint).
// The scripts are plain browser scripts (no bundler, no modules): each is an
// IIFE in strict mode. course-rules.js is also loaded by Node for its unit
// tests (tests/js/), so it may use `module`. Vendored code is not ours.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["docs/assets/vendor/**", "node_modules/**", ".venv/**", "site/**", "site-offline/**", ".site-*/**",
              "bench/results/**", ".hypothesis/**"] },
  js.configs.recommended,
  {
    files: ["docs/assets/js/**/*.js", "overrides/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.browser,
        document$: "readonly",  // Material for MkDocs' observables
        location$: "readonly",
        module: "readonly",
      },
    },
    rules: {
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      "no-var": "off",
      // Matching control characters is the point of several checks (one_line, the YAML reader).
      "no-control-regex": "off",
      "no-useless-escape": "off",
      eqeqeq: ["error", "always"],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
    },
  },
  {
    files: ["tests/js/**/*.mjs", "tests/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
