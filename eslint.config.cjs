// ESLint 9 (flat config) for the addon's JavaScript, run by .pre-commit-config.yaml:
// ES modules, as Odoo 19 loads them (static/src, and the tours in static/tests).
const globals = require("globals");

module.exports = [
    {
        files: ["static/src/**/*.js", "static/tests/**/*.js"],
        languageOptions: {
            ecmaVersion: 2024,
            sourceType: "module",
            globals: {...globals.browser, odoo: "readonly"},
        },
        rules: {
            "no-const-assign": "error",
            "no-debugger": "error",
            "no-dupe-class-members": "error",
            "no-dupe-keys": "error",
            "no-duplicate-imports": "error",
            "no-undef": "error",
            "no-unreachable": "error",
            "no-unused-vars": "error",
            eqeqeq: "warn",
            "prefer-const": "warn",
        },
    },
];
